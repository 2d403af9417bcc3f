package dev.robotledger.gateway.testing;

import dev.robotledger.wire.message.Envelope;
import org.eclipse.paho.mqttv5.client.MqttClient;
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
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect test publisher to " + brokerUrl, e);
        }
    }

    public void publish(String topic, byte[] payload) {
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish(topic, message);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
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
