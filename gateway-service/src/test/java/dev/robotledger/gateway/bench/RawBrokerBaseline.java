package dev.robotledger.gateway.bench;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The broker's own ceiling on this machine: the same payloads, publishers and QoS 1 as the
 * ingestion run, delivered to a subscriber that only counts them. No signature check, no journal.
 */
final class RawBrokerBaseline {

    private static final String TOPIC_ROOT = "bench/raw/";

    private RawBrokerBaseline() {}

    /** Messages per second from the first publish until the subscriber has received the last. */
    record Result(long messages, long payloadBytes, double seconds) {
        double messagesPerSecond() {
            return messages / seconds;
        }
    }

    static Result run(String brokerUrl, List<byte[]> payloads, int publishers) throws Exception {
        AtomicLong received = new AtomicLong();
        MqttClient subscriber =
                new MqttClient(brokerUrl, "bench-raw-sub-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            subscriber.connect(options);
            subscriber.subscribe(
                    new MqttSubscription[] {new MqttSubscription(TOPIC_ROOT + "#", 1)},
                    new IMqttMessageListener[] {(topic, message) -> received.incrementAndGet()});

            List<List<byte[]>> perPublisher = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                perPublisher.add(new ArrayList<>());
            }
            long bytes = 0;
            for (int i = 0; i < payloads.size(); i++) {
                perPublisher.get(i % publishers).add(payloads.get(i));
                bytes += payloads.get(i).length;
            }
            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            try {
                long start = System.nanoTime();
                List<Future<?>> sending = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    String topic = TOPIC_ROOT + p;
                    List<byte[]> messages = perPublisher.get(p);
                    sending.add(pool.submit(() -> {
                        try (Publisher publisher = new Publisher(brokerUrl, "bench-raw-pub-" + UUID.randomUUID())) {
                            messages.forEach(payload -> publisher.publish(topic, payload));
                        }
                    }));
                }
                for (Future<?> future : sending) {
                    future.get();
                }
                Await.until(
                        "the raw subscriber received every message",
                        Duration.ofMinutes(5),
                        () -> received.get() >= payloads.size());
                return new Result(payloads.size(), bytes, (System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            disconnect(subscriber);
        }
    }

    private static void disconnect(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
