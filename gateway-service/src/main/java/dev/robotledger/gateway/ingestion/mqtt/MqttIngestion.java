package dev.robotledger.gateway.ingestion.mqtt;

import dev.robotledger.gateway.ingestion.Delivery;
import dev.robotledger.gateway.ingestion.IngestionMetrics;
import dev.robotledger.gateway.ingestion.IngestionQueue;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.transport.NoDelaySocketFactory;
import java.time.Clock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The MQTT adapter: one persistent Paho v5 session on a shared subscription, QoS 1, manual acks.
 *
 * <p>The callback only appends the message to the {@link IngestionQueue}. The PUBACK goes out
 * when the journal writer calls the delivery's receipt, i.e. after the PostgreSQL commit. The
 * broker's receive maximum bounds how many unacknowledged messages it sends us, which is the
 * back-pressure: a slow journal stops the broker, the broker keeps the messages.
 *
 * <p>Packet ids are only meaningful within one connection: a receipt from an earlier connection
 * is not sent (the broker redelivers that message on the new connection and the journal
 * recognises the byte-identical duplicate).
 */
final class MqttIngestion implements SmartLifecycle, MqttCallback {

    private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);
    private static final int QOS = 1;
    private static final long CONNECT_TIMEOUT_MILLIS = 30_000;

    private final MqttIngestionProperties properties;
    private final IngestionQueue queue;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final Object ackLock = new Object();
    private volatile MqttAsyncClient client;
    private volatile long connectionGeneration;
    private volatile boolean running;

    MqttIngestion(MqttIngestionProperties properties, IngestionQueue queue, IngestionMetrics metrics, Clock clock) {
        this.properties = properties;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void start() {
        try {
            client = new MqttAsyncClient(properties.brokerUrl(), properties.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(this);
            client.connect(connectionOptions()).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the MQTT broker at " + properties.brokerUrl()
                    + " as " + properties.clientId() + ": " + e.getMessage(), e);
        }
        running = true;
        log.info("MQTT ingestion connected to {} as {}, subscribed to {}; signatures checked by the {} provider",
                properties.brokerUrl(), properties.clientId(), properties.subscription(), EcdsaP256.providerName());
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // A persistent session: while the gateway is down the broker queues and keeps unacked messages.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(properties.sessionExpirySeconds());
        options.setReceiveMaximum(properties.receiveMaximum());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setKeepAliveInterval(30);
        if (properties.brokerUrl().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        if (!properties.username().isEmpty()) {
            options.setUserName(properties.username());
            options.setPassword(properties.password());
        }
        options.setConnectionTimeout((int) (CONNECT_TIMEOUT_MILLIS / 1000));
        return options;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        if (reconnect) {
            log.info("MQTT reconnected to {}", serverUri);
        }
        // Subscribing again on a resumed session is harmless; on a fresh one it is required.
        try {
            client.subscribe(properties.subscription(), QOS);
        } catch (MqttException e) {
            log.error("cannot subscribe to {}: {}", properties.subscription(), e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        metrics.received();
        long generation = connectionGeneration;
        int packetId = message.getId();
        Delivery delivery = new Delivery(topic, message.getPayload(), clock.instant(),
                () -> acknowledge(packetId, generation));
        if (!queue.offer(delivery)) {
            metrics.queueOverflow();
        }
    }

    private void acknowledge(int packetId, long generation) {
        synchronized (ackLock) {
            if (generation != connectionGeneration) {
                return;
            }
            try {
                client.messageArrivedComplete(packetId, QOS);
            } catch (MqttException | RuntimeException e) {
                log.warn("cannot acknowledge packet {}: {} (the broker will redeliver it)", packetId, e.getMessage());
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        synchronized (ackLock) {
            connectionGeneration++;
        }
        if (running) {
            log.warn("MQTT connection lost ({}); reconnecting", response);
        }
    }

    @Override
    public void stop() {
        running = false;
        MqttAsyncClient current = client;
        if (current == null) {
            return;
        }
        try {
            if (current.isConnected()) {
                current.disconnect(5_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            log.warn("MQTT disconnect failed: {}", e.getMessage());
        } finally {
            try {
                current.close(true);
            } catch (MqttException e) {
                log.warn("MQTT close failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the journal writer (a lower phase) and stops before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.error("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // The gateway only subscribes.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication is configured.
    }
}
