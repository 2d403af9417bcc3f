package dev.robotledger.agent.mqtt;

import dev.robotledger.agent.AgentSettings;
import dev.robotledger.agent.outbox.Outbox;
import dev.robotledger.agent.outbox.OutboxEntry;
import dev.robotledger.wire.transport.NoDelaySocketFactory;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
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

/**
 * Drains an {@link Outbox} to the broker over one Paho MQTT v5 connection: QoS 1, in outbox
 * order, an entry acknowledged in the outbox only when its PUBACK arrives.
 *
 * <p>The outbox, not Paho, is the store of record. Every connection attempt uses a fresh Paho
 * client with empty in-memory state ({@code cleanStart=false}, so the broker keeps the session):
 * Paho 1.2.5 resuming its own in-flight messages after an outage made Mosquitto 2.0 drop the
 * connection with reason 0x82 (protocol error) on every attempt (BrokerOutageIT found it). Instead,
 * after every (re)connection the sender starts again from the first unacknowledged outbox entry,
 * so a message whose PUBACK was lost is sent again with identical bytes (receivers de-duplicate by
 * robot id and sequence number). Reconnection is this class's own loop with exponential back-off
 * rather than Paho's automatic reconnect, which never retries when the first connect fails
 * (a broker that is down when the robot starts).
 */
public final class MqttPublisher implements Closeable {

    private static final System.Logger LOG = System.getLogger(MqttPublisher.class.getName());
    private static final long POLL_MILLIS = 100;
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;

    private final Outbox outbox;
    private final AgentSettings settings;
    private final String clientId;
    private final ScheduledExecutorService reconnector;
    private final Thread sender;
    private final AtomicLong delivered = new AtomicLong();
    private final Consumer<OutboxEntry> onAcknowledged;
    private final Object state = new Object();
    private volatile boolean running = true;
    // Guarded by state: the connection generation, its in-flight permits and where sending resumes.
    private long generation;
    private MqttAsyncClient client;
    private boolean connected;
    private boolean connecting;
    private Semaphore inflight;
    private long cursor;
    private long reconnectDelayMillis;

    /**
     * Tells {@code onAcknowledged} of every entry the broker acknowledged, on Paho's thread
     * (it must return quickly and never throw), possibly twice for an entry that was sent again.
     */
    public MqttPublisher(String clientId, Outbox outbox, AgentSettings settings, Consumer<OutboxEntry> onAcknowledged)
            throws MqttException {
        this.outbox = outbox;
        this.onAcknowledged = onAcknowledged;
        this.settings = settings;
        this.clientId = clientId;
        // Fail now on a malformed URI rather than in the reconnect loop.
        new MqttAsyncClient(settings.brokerUri(), clientId, new MemoryPersistence()).close(true);
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mqtt-connect-" + clientId));
        this.sender = daemon(this::sendLoop, "mqtt-send-" + clientId);
        this.reconnectDelayMillis = settings.reconnectMinDelay().toMillis();
    }

    /** Connects (retrying until the broker answers) and starts sending. */
    public void start() {
        sender.start();
        reconnector.execute(this::connect);
    }

    public boolean isConnected() {
        synchronized (state) {
            return connected;
        }
    }

    /** PUBACKs received so far (including those for resent duplicates). */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        running = false;
        reconnector.shutdownNow();
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(5));
            reconnector.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient last;
        synchronized (state) {
            connected = false;
            last = client;
            client = null;
        }
        if (last != null) {
            try {
                if (last.isConnected()) {
                    last.disconnect(1000).waitForCompletion(2000);
                }
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "disconnect from " + settings.brokerUri() + " failed", e);
            }
            discard(last);
        }
    }

    private static void discard(MqttAsyncClient old) {
        try {
            if (old.isConnected()) {
                old.disconnectForcibly(0, 1000, false);
            }
            old.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "closing an MQTT client failed", e);
        }
    }

    private void connect() {
        MqttAsyncClient previous;
        MqttAsyncClient fresh;
        synchronized (state) {
            if (!running || connected || connecting) {
                return;
            }
            connecting = true;
            previous = client;
            client = null;
        }
        if (previous != null) {
            discard(previous);
        }
        try {
            fresh = new MqttAsyncClient(settings.brokerUri(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            LOG.log(Level.ERROR, "cannot create an MQTT client for " + settings.brokerUri(), e);
            scheduleReconnect();
            return;
        }
        fresh.setCallback(new ConnectionWatcher(fresh));
        synchronized (state) {
            client = fresh;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (settings.brokerUri().startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        try {
            if (settings.usesTls()) {
                // The certificate's common name is the user name: no password.
                options.setSocketFactory(settings.tlsSocketFactory(clientId));
            } else {
                Optional<String> password = settings.brokerPassword(clientId);
                if (password.isPresent()) {
                    options.setUserName(clientId);
                    options.setPassword(password.get().getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, e.getMessage());
            scheduleReconnect();
            return;
        }
        try {
            fresh.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onConnected(fresh);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    // A refused login or certificate will not fix itself: say so loudly, then keep retrying (a rotated
                    // password or certificate is re-read).
                    boolean refused = cause instanceof MqttException e
                            && (e.getReasonCode() == BAD_USER_NAME_OR_PASSWORD
                                    || e.getReasonCode() == NOT_AUTHORIZED
                                    || e.getCause() instanceof SSLException);
                    LOG.log(
                            refused ? Level.WARNING : Level.DEBUG,
                            "robot " + clientId + ": connecting to " + settings.brokerUri() + " failed: " + cause);
                    scheduleReconnect();
                }
            });
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "connecting to " + settings.brokerUri() + " failed: " + e);
            scheduleReconnect();
        }
    }

    private void onConnected(MqttAsyncClient connectedClient) {
        synchronized (state) {
            if (connectedClient != client) {
                return;
            }
            generation++;
            connecting = false;
            connected = true;
            inflight = new Semaphore(settings.maxInflight());
            cursor = outbox.firstPending();
            reconnectDelayMillis = settings.reconnectMinDelay().toMillis();
            state.notifyAll();
        }
        LOG.log(Level.DEBUG, "connected to " + settings.brokerUri());
    }

    private void onDisconnected(MqttAsyncClient lostClient) {
        synchronized (state) {
            if (lostClient != client || !connected) {
                return;
            }
            connected = false;
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (state) {
            connecting = false;
            if (!running || connected) {
                return;
            }
            delay = reconnectDelayMillis;
            reconnectDelayMillis = Math.min(
                    Math.max(1, reconnectDelayMillis * 2),
                    settings.reconnectMaxDelay().toMillis());
        }
        try {
            reconnector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() has shut the reconnector down: nothing left to do.
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                sendNext();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "sending from the outbox failed; retrying", e);
                pause();
            }
        }
    }

    private void sendNext() throws InterruptedException, IOException {
        long index;
        long sendGeneration;
        Semaphore permits;
        MqttAsyncClient connectedClient;
        synchronized (state) {
            if (!connected) {
                state.wait(POLL_MILLIS);
                return;
            }
            index = Math.max(cursor, outbox.firstPending());
            sendGeneration = generation;
            permits = inflight;
            connectedClient = client;
        }
        if (!outbox.awaitAppended(index, POLL_MILLIS, TimeUnit.MILLISECONDS)
                || !permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            return;
        }
        Optional<OutboxEntry> entry = outbox.read(index);
        if (entry.isEmpty()) {
            permits.release();
            advanceCursor(sendGeneration, index);
            return;
        }
        try {
            connectedClient.publish(
                    entry.get().topic(),
                    entry.get().payload(),
                    1,
                    false,
                    null,
                    new DeliveryListener(entry.get(), sendGeneration, permits));
            advanceCursor(sendGeneration, index);
        } catch (MqttException e) {
            // Not connected any more, or Paho's own in-flight window is full: try this entry again.
            permits.release();
            LOG.log(Level.DEBUG, "publish of outbox entry " + index + " refused: " + e);
            pause();
        }
    }

    private void advanceCursor(long sendGeneration, long index) {
        synchronized (state) {
            if (generation == sendGeneration && cursor <= index) {
                cursor = index + 1;
            }
        }
    }

    private void rewind(long sendGeneration) {
        synchronized (state) {
            if (generation == sendGeneration) {
                cursor = outbox.firstPending();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private final class DeliveryListener implements MqttActionListener {
        private final OutboxEntry entry;
        private final long index;
        private final long sendGeneration;
        private final Semaphore permits;

        DeliveryListener(OutboxEntry entry, long sendGeneration, Semaphore permits) {
            this.entry = entry;
            this.index = entry.index();
            this.sendGeneration = sendGeneration;
            this.permits = permits;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            permits.release();
            delivered.incrementAndGet();
            try {
                outbox.acknowledge(index);
            } catch (IOException | IllegalStateException e) {
                // The entry stays pending and is sent again: a duplicate, never a loss.
                LOG.log(Level.WARNING, "could not record the acknowledgement of outbox entry " + index, e);
            }
            onAcknowledged.accept(entry);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            permits.release();
            LOG.log(Level.DEBUG, "outbox entry " + index + " not acknowledged: " + cause);
            rewind(sendGeneration);
        }
    }

    private final class ConnectionWatcher implements MqttCallback {
        private final MqttAsyncClient watched;

        ConnectionWatcher(MqttAsyncClient watched) {
            this.watched = watched;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.log(Level.DEBUG, "disconnected from " + settings.brokerUri() + ": " + response);
            onDisconnected(watched);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.DEBUG, "MQTT error: " + exception);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // A publisher subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Handled per message by DeliveryListener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // onConnected runs from the connect listener.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
