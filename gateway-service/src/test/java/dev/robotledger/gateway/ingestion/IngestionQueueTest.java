package dev.robotledger.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.ingestion.IngestionQueue.Offer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestionQueueTest {

    private static Delivery delivery(int n) {
        return new Delivery("t/" + n, new byte[] {(byte) n}, Instant.EPOCH, () -> {});
    }

    private static List<String> topics(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::topic).toList();
    }

    @Test
    void keepsArrivalOrderWhenTheBrokerOvershootsTheBoundedPart() throws Exception {
        IngestionQueue queue = new IngestionQueue(2, 10);

        assertThat(queue.offer(delivery(1))).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer(delivery(2))).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer(delivery(3))).isEqualTo(Offer.OVERFLOWED);
        List<Delivery> first = queue.drain(1, Duration.ZERO, new ArrayList<>());
        // Room in the bounded part again, but 3 is still waiting: 4 must queue behind it.
        assertThat(queue.offer(delivery(4))).isEqualTo(Offer.OVERFLOWED);
        List<Delivery> rest = queue.drain(10, Duration.ZERO, new ArrayList<>());

        assertThat(topics(first)).containsExactly("t/1");
        assertThat(topics(rest)).containsExactly("t/2", "t/3", "t/4");
        assertThat(queue.size()).isZero();
        assertThat(queue.offer(delivery(5))).isEqualTo(Offer.QUEUED);
    }

    @Test
    void refusesWhatNeitherTheBoundedPartNorTheOverflowListHasRoomFor() throws Exception {
        IngestionQueue queue = new IngestionQueue(2, 1);
        queue.offer(delivery(1));
        queue.offer(delivery(2));

        assertThat(queue.offer(delivery(3))).isEqualTo(Offer.OVERFLOWED);
        assertThat(queue.offer(delivery(4))).isEqualTo(Offer.REFUSED);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(topics(queue.drain(10, Duration.ZERO, new ArrayList<>()))).containsExactly("t/1", "t/2", "t/3");
        assertThat(queue.offer(delivery(5))).isEqualTo(Offer.QUEUED);
    }

    @Test
    void takesAtMostTheRequestedNumber() throws Exception {
        IngestionQueue queue = new IngestionQueue(10, 10);
        for (int i = 1; i <= 5; i++) {
            queue.offer(delivery(i));
        }

        assertThat(topics(queue.drain(3, Duration.ZERO, new ArrayList<>()))).containsExactly("t/1", "t/2", "t/3");
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void returnsNothingWhenNothingArrivesWithinTheWait() throws Exception {
        assertThat(new IngestionQueue(4, 4).drain(10, Duration.ofMillis(20), new ArrayList<>()))
                .isEmpty();
    }
}
