package dev.robotledger.agent.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A bare Paho client, to see exactly what the broker answers. */
public record RawMqttClient(MqttAsyncClient client) implements AutoCloseable {

    /** Connects, or throws the broker's refusal (its reason code in the exception). */
    public static RawMqttClient connect(String brokerUri, String clientId, MqttConnectionOptions options)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        try {
            client.connect(options).waitForCompletion(15_000);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return new RawMqttClient(client);
    }

    /** A QoS 1 message with this text. */
    public static MqttMessage qos1(String text) {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
