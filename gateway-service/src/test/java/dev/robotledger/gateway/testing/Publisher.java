package dev.robotledger.gateway.testing;

import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.transport.NoDelaySocketFactory;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Publishes raw payloads at QoS 1 and waits for each PUBACK, like a robot without store-and-forward. */
public final class Publisher implements AutoCloseable {

    private final MqttClient client;

    public Publisher(String brokerUrl, String clientId) {
        try {
            client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSocketFactory(new NoDelaySocketFactory());
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect test publisher to " + brokerUrl, e);
        }
    }

    public void publish(String topic, byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        for (int attempt = 1; ; attempt++) {
            try {
                client.publish(topic, message);
                return;
            } catch (MqttException e) {
                // Paho v5 1.2.5 can refuse a synchronous publish with "too many publishes in
                // progress" while its in-flight count catches up with PUBACKs already received.
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt == 100) {
                    throw new IllegalStateException("cannot publish to " + topic, e);
                }
                Await.pause(Duration.ofMillis(10));
            }
        }
    }

    public void publish(TestRobot robot, Envelope envelope) {
        publish(robot.topicFor(envelope), envelope.toBytes());
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            throw new IllegalStateException("cannot close test publisher", e);
        }
    }
}
