package dev.robotledger.agent.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT v5 subscriber (QoS 1, persistent session, automatic reconnect) that records
 * every message it receives, duplicates included, in arrival order.
 */
public final class TestSubscriber implements AutoCloseable {

    /** One delivery as it arrived. */
    public record Received(String topic, byte[] payload) {}

    private final MqttAsyncClient client;
    private final List<Received> received = new ArrayList<>();

    private TestSubscriber(MqttAsyncClient client) {
        this.client = client;
    }

    public static TestSubscriber subscribe(String brokerUri, String clientId, String filter) throws MqttException {
        return subscribe(brokerUri, clientId, filter, null, null);
    }

    /** Subscribes as {@code userName} with {@code password} (both {@code null}: anonymously). */
    public static TestSubscriber subscribe(
            String brokerUri, String clientId, String filter, String userName, String password) throws MqttException {
        MqttConnectionOptions options = options();
        if (userName != null) {
            options.setUserName(userName);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return subscribe(brokerUri, clientId, filter, options);
    }

    /** Subscribes over TLS, logged in by the client certificate {@code tls} presents. */
    public static TestSubscriber subscribe(String brokerUri, String clientId, String filter, SocketFactory tls)
            throws MqttException {
        MqttConnectionOptions options = options();
        options.setSocketFactory(tls);
        return subscribe(brokerUri, clientId, filter, options);
    }

    private static MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        return options;
    }

    private static TestSubscriber subscribe(
            String brokerUri, String clientId, String filter, MqttConnectionOptions options) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        TestSubscriber subscriber = new TestSubscriber(client);
        client.setCallback(subscriber.new Recorder());
        client.connect(options).waitForCompletion(10_000);
        IMqttToken subscribed = client.subscribe(new MqttSubscription(filter, 1));
        subscribed.waitForCompletion(10_000);
        // A SUBACK can refuse (e.g. 0x87 not authorized by the broker's ACL) without an exception.
        int granted = subscribed.getReasonCodes()[0];
        if (granted > 1) {
            client.disconnect().waitForCompletion(5_000);
            client.close(true);
            throw new MqttException(granted);
        }
        return subscriber;
    }

    /** Everything received so far, in arrival order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }

    private final class Recorder implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            synchronized (TestSubscriber.this) {
                received.add(new Received(topic, message.getPayload()));
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // Automatic reconnect brings the persistent session back.
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Surfaces as missing messages, which the test asserts on.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Subscribes only.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // The broker kept the subscription in the persistent session.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
