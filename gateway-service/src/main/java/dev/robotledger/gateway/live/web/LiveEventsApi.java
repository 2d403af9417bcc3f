package dev.robotledger.gateway.live.web;

import dev.robotledger.gateway.live.LiveFeed;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    /** One event of the stream as the document describes it: its type and its JSON, as sent. */
    @Schema(
            name = "LiveEvent",
            requiredProperties = {"event", "data"})
    record EventDoc(
            @Schema(allowableValues = {"ingestion", "robot", "rejected"})
            String event,

            @Schema(description = "the event's JSON") String data) {}

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(
            responseCode = "200",
            description = "the stream of events",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = EventDoc.class)))
    Flux<ServerSentEvent<Object>> events() {
        return feed.events()
                .map(event -> ServerSentEvent.builder(event.data())
                        .event(event.type())
                        .build());
    }
}
