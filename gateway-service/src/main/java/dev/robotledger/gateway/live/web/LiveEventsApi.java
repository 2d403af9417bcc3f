package dev.robotledger.gateway.live.web;

import dev.robotledger.gateway.live.LiveFeed;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** {@code GET /api/events}: the operators' live events as Server-Sent Events. */
@RestController
class LiveEventsApi {

    private final LiveFeed feed;

    LiveEventsApi(LiveFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> events() {
        return feed.events().map(event -> ServerSentEvent.builder(event.data()).event(event.type()).build());
    }
}
