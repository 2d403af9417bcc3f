package dev.robotledger.gateway.ingestion.mqtt;

import dev.robotledger.gateway.ingestion.Delivery;
import dev.robotledger.gateway.ingestion.IngestionMetrics;
import dev.robotledger.gateway.ingestion.IngestionQueue;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.transport.MqttTls;
import dev.robotledger.wire.transport.NoDelaySocketFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * <p>Each connection is its own Paho client on the same broker session. Packet ids are only
 * meaningful within one connection, so a receipt is sent only on the connection that delivered
 * the message, while it is the current one; otherwise the broker redelivers that message on the
 * next connection and the journal recognises the byte-identical duplicate. A fresh client per
 * connection also means no attempt inherits the state of one that hung: Paho 1.2.5 can leave a
 * reconnect right after a disconnect "in progress" for ever.
 *
 * <p>Reconnection is this class's own loop, every {@value #RECONNECT_MIN_MILLIS} ms at first,
 * doubling to at most {@value #RECONNECT_MAX_MILLIS} ms: Paho 1.2.5's automatic reconnect ignores
 * the delays it is given and doubles its wait towards 128 s (in a static field, shared by every
 * client in the JVM), so a gateway could stay away for minutes after the broker was back.
 */
final class MqttIngestion implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);
    private static final int QOS = 1;
    private static final int CONNECT_TIMEOUT_SECONDS = 30;
    // A reconnect attempt that hangs (a broker still starting) must not hold the next one back for long.
    private static final int RECONNECT_TIMEOUT_SECONDS = 10;
    private static final long RECONNECT_MIN_MILLIS = 500;
    private static final long RECONNECT_MAX_MILLIS = 5_000;
    private static final long DISCONNECT_QUIESCE_MILLIS = 5_000;

    private final MqttIngestionProperties properties;
    private final IngestionQueue queue;
    private final IngestionMetrics metrics;
    private final Clock clock;
    private final long maximumPacketBytes;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mqtt-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Connection current;
    private volatile boolean running;
    // Between a full queue's disconnect and the reconnect that follows once the queue has drained.
    private final AtomicBoolean resyncing = new AtomicBoolean();

    MqttIngestion(
            MqttIngestionProperties properties,
            IngestionQueue queue,
            IngestionMetrics metrics,
            Clock clock,
            long maximumPacketBytes) {
        this.properties = properties;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
        this.maximumPacketBytes = maximumPacketBytes;
    }

    @Override
    public void start() {
        // Running before the connection is up, so that losing it at once starts the reconnect loop.
        running = true;
        try {
            Connection connection = new Connection();
            current = connection;
            connection
                    .client
                    .connect(connectionOptions(CONNECT_TIMEOUT_SECONDS))
                    .waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS));
        } catch (MqttException | IOException e) {
            running = false;
            close(current);
            throw new IllegalStateException(
                    "cannot connect to the MQTT broker at " + properties.brokerUrl() + " as " + properties.clientId()
                            + ": " + e.getMessage(),
                    e);
        }
        log.info(
                "MQTT ingestion connected to {} as {}, subscribed to {}; signatures checked by the {} provider",
                properties.brokerUrl(),
                properties.clientId(),
                properties.subscription(),
                EcdsaP256.providerName());
    }

    /** Reads the TLS files anew each time, so that a re-issued certificate is used at the next connection. */
    private MqttConnectionOptions connectionOptions(int timeoutSeconds) throws IOException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // A persistent session: while the gateway is down the broker queues and keeps unacked messages.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(properties.sessionExpirySeconds());
        options.setReceiveMaximum(properties.receiveMaximum());
        // The broker then never sends a packet larger than this: one oversized message cannot fill
        // the heap of Paho's receiver thread (it did at 100 MB, and the broker redelivered it for ever).
        options.setMaximumPacketSize(maximumPacketBytes);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        if (properties.brokerUrl().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        if (properties.usesTls()) {
            MqttIngestionProperties.Tls tls = properties.tls();
            options.setSocketFactory(MqttTls.socketFactory(tls.caFile(), tls.certificateFile(), tls.keyFile()));
        }
        if (!properties.username().isEmpty()) {
            options.setUserName(properties.username());
            options.setPassword(properties.password());
        }
        options.setConnectionTimeout(timeoutSeconds);
        return options;
    }

    /**
     * The queue was full, so a message was neither queued nor acknowledged, and the broker sends an
     * unacknowledged message again only on a new connection. So: drop this connection (acks of what
     * it queued are then not sent; those come back as duplicates) and connect again once the
     * journal writer has taken half the queue.
     */
    private void reconnectWhenDrained(Connection full) {
        if (!resyncing.compareAndSet(false, true)) {
            return;
        }
        log.warn(
                "ingestion queue full ({} messages): reconnecting to the broker once it has drained, so that"
                        + " the broker sends again what the gateway could not take",
                queue.size());
        try {
            reconnector.execute(() -> {
                close(full);
                reconnectOnceDrained();
            });
        } catch (RejectedExecutionException stopping) {
            // stop() ended the attempts.
        }
    }

    private void reconnectOnceDrained() {
        if (queue.size() > queue.capacity() / 2) {
            scheduleOnReconnector(this::reconnectOnceDrained, 100);
            return;
        }
        resyncing.set(false);
        reconnect(RECONNECT_MIN_MILLIS);
    }

    /** One attempt in {@code inMillis}; if it fails, the next {@code thenMillis} later, and so on, doubling. */
    private void scheduleReconnect(long inMillis, long thenMillis) {
        scheduleOnReconnector(() -> reconnect(thenMillis), inMillis);
    }

    private void scheduleOnReconnector(Runnable task, long inMillis) {
        try {
            reconnector.schedule(task, inMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() ended the attempts.
        }
    }

    /** Runs on the reconnector thread only, so attempts never overlap. */
    private void reconnect(long nextDelayMillis) {
        Connection previous = current;
        if (!running || resyncing.get() || (previous != null && previous.client.isConnected())) {
            return;
        }
        close(previous);
        long afterThat = Math.min(nextDelayMillis * 2, RECONNECT_MAX_MILLIS);
        Connection attempt;
        try {
            attempt = new Connection();
        } catch (MqttException e) {
            log.warn("cannot create an MQTT client for {}: {}", properties.brokerUrl(), e.getMessage());
            scheduleReconnect(nextDelayMillis, afterThat);
            return;
        }
        // Current before it connects: the broker may deliver the session's messages before onSuccess runs.
        current = attempt;
        AtomicBoolean settled = new AtomicBoolean();
        MqttActionListener outcome = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                if (settled.compareAndSet(false, true)) {
                    log.info("MQTT reconnected to {}", properties.brokerUrl());
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                if (settled.compareAndSet(false, true)) {
                    log.debug(
                            "MQTT reconnect to {} failed ({}); next attempt in {} ms",
                            properties.brokerUrl(),
                            cause.getMessage(),
                            nextDelayMillis);
                    scheduleReconnect(nextDelayMillis, afterThat);
                }
            }
        };
        try {
            attempt.client.connect(connectionOptions(RECONNECT_TIMEOUT_SECONDS), null, outcome);
        } catch (MqttException | IOException | RuntimeException e) {
            outcome.onFailure(null, e);
            return;
        }
        // An attempt that neither succeeds nor fails in time is abandoned and the next one made.
        scheduleOnReconnector(
                () -> {
                    if (settled.compareAndSet(false, true)) {
                        log.warn(
                                "MQTT reconnect to {} did not finish in {} s; trying again",
                                properties.brokerUrl(),
                                RECONNECT_TIMEOUT_SECONDS);
                        reconnect(afterThat);
                    }
                },
                TimeUnit.SECONDS.toMillis(RECONNECT_TIMEOUT_SECONDS + 2));
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        MqttAsyncClient client = connection.client;
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MILLIS).waitForCompletion(2 * DISCONNECT_QUIESCE_MILLIS);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT disconnect failed: {}", e.getMessage());
        }
        // Also ends a connect still in progress, which close alone refuses.
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT forced disconnect failed: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT close failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        reconnector.shutdownNow();
        close(current);
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

    /** One connection to the broker: its own Paho client, whose packet ids mean nothing to any other. */
    private final class Connection implements MqttCallback {

        private final MqttAsyncClient client;

        Connection() throws MqttException {
            client = new MqttAsyncClient(properties.brokerUrl(), properties.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(this);
        }

        private boolean isCurrent() {
            return current == this && !resyncing.get();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
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
            // Neither queued nor acknowledged: the broker sends it again on the next connection.
            if (!isCurrent()) {
                return;
            }
            int packetId = message.getId();
            Delivery delivery = new Delivery(topic, message.getPayload(), clock.instant(), () -> acknowledge(packetId));
            switch (queue.offer(delivery)) {
                case QUEUED -> {}
                case OVERFLOWED -> metrics.queueOverflow();
                case REFUSED -> {
                    metrics.queueRefused();
                    reconnectWhenDrained(this);
                }
            }
        }

        private void acknowledge(int packetId) {
            if (!isCurrent() || !client.isConnected()) {
                return;
            }
            try {
                client.messageArrivedComplete(packetId, QOS);
            } catch (MqttException | RuntimeException e) {
                log.warn("cannot acknowledge packet {}: {} (the broker will redeliver it)", packetId, e.getMessage());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (running && isCurrent()) {
                log.warn("MQTT connection lost ({}); reconnecting", response);
                scheduleReconnect(0, RECONNECT_MIN_MILLIS);
            }
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
}
