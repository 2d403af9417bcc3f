package dev.robotledger.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.TestSubscriber.Received;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.topic.Topic;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

/** What a subscriber received, de-duplicated by (robot id, seq) the way a receiver would. */
final class DeliveryLog {

    private final Map<String, TreeMap<Long, byte[]>> unique = new LinkedHashMap<>();
    private final Map<String, List<Long>> firstArrivalOrder = new LinkedHashMap<>();

    DeliveryLog(List<Received> received) {
        for (Received message : received) {
            Envelope envelope = Envelope.parse(message.payload(), Envelope.DEFAULT_MAX_BYTES);
            assertThat(Topic.parse(message.topic()).matches(envelope))
                    .as(message.topic())
                    .isTrue();
            byte[] earlier = unique.computeIfAbsent(envelope.robotId(), id -> new TreeMap<>())
                    .putIfAbsent(envelope.seq(), message.payload());
            if (earlier == null) {
                firstArrivalOrder
                        .computeIfAbsent(envelope.robotId(), id -> new ArrayList<>())
                        .add(envelope.seq());
            } else {
                assertThat(message.payload()).as("resent %s", envelope.id()).isEqualTo(earlier);
            }
        }
    }

    static DeliveryLog of(List<Received> received) {
        return new DeliveryLog(received);
    }

    boolean hasAllUpTo(String robotId, long lastSeq) {
        TreeMap<Long, byte[]> seqs = unique.get(robotId);
        return seqs != null && seqs.size() == lastSeq && seqs.firstKey() == 1 && seqs.lastKey() == lastSeq;
    }

    /** True once envelopes 1..count have all arrived (later ones may have too). */
    boolean hasFirst(String robotId, long count) {
        TreeMap<Long, byte[]> seqs = unique.get(robotId);
        return seqs != null && seqs.headMap(count, true).size() == count && seqs.firstKey() == 1;
    }

    /** Every envelope 1..lastSeq once, first arrivals in order, all signed by {@code key}. */
    void assertCompleteInOrderAndSigned(String robotId, long lastSeq, PublicKey key) {
        TreeMap<Long, byte[]> seqs = unique.get(robotId);
        assertThat(seqs).as("envelopes of %s", robotId).isNotNull();
        assertThat(seqs.keySet())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, lastSeq).boxed().toList());
        assertThat(firstArrivalOrder.get(robotId)).isSorted();
        for (byte[] bytes : seqs.values()) {
            Envelope envelope = Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES);
            assertThat(envelope.verify(key))
                    .as("signature of %s", envelope.id())
                    .isTrue();
        }
    }

    /** The robot's readings across all its windows, in envelope order. */
    List<Reading> readings(String robotId) {
        List<Reading> readings = new ArrayList<>();
        for (byte[] bytes : unique.get(robotId).values()) {
            Envelope envelope = Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES);
            if (envelope.type() == MessageType.TELEMETRY_WINDOW) {
                readings.addAll(envelope.telemetryWindow().readings());
            }
        }
        return readings;
    }

    List<Long> envelopeSeqs(String robotId) {
        return List.copyOf(unique.get(robotId).keySet());
    }

    List<Envelope> envelopes(String robotId) {
        return unique.get(robotId).values().stream()
                .map(bytes -> Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES))
                .toList();
    }

    long events(String robotId) {
        return unique.get(robotId).values().stream()
                .map(bytes -> Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES))
                .filter(envelope -> envelope.type().isProductionEvent())
                .count();
    }
}
