package dev.robotledger.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LiveFeedTest {

    @Test
    void aClientThatDoesNotReadKeepsOnlyTheNewestEventsAndTheDroppedOnesAreCounted() {
        AtomicInteger dropped = new AtomicInteger();
        Flux<LiveEvent> thousandEvents = Flux.range(1, 1_000).map(i -> new LiveEvent("test", i));

        StepVerifier.create(LiveFeed.bounded(thousandEvents, 10, dropped::incrementAndGet), 0)
                .expectSubscription()
                .then(() -> assertThat(dropped).hasValue(990))
                .thenRequest(Long.MAX_VALUE)
                .expectNextSequence(
                        Flux.range(991, 10).map(i -> new LiveEvent("test", i)).toIterable())
                .verifyComplete();
    }

    @Test
    void aClientThatKeepsUpLosesNothing() {
        AtomicInteger dropped = new AtomicInteger();
        StepVerifier.create(LiveFeed.bounded(
                        Flux.range(1, 1_000).map(i -> new LiveEvent("test", i)), 10, dropped::incrementAndGet))
                .expectNextCount(1_000)
                .verifyComplete();
        assertThat(dropped).hasValue(0);
    }
}
