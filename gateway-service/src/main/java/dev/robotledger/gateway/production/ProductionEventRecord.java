package dev.robotledger.gateway.production;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * One production event's journal state, as the operator API lists it. {@code goodId} is the good
 * the robot's signed payload names (the product of an assembly, the good checked), {@code null}
 * when the payload names none (an event refused for that). {@code transactionId} and
 * {@code blockNumber} are set when COMMITTED; {@code refusedBy}, {@code errorCode} and
 * {@code errorMessage} when REFUSED. {@code pendingReason} says why a PENDING event is held when
 * the submitter holds it: for the anchor of the telemetry window it names, or for the pending
 * events it depends on; otherwise {@code null}.
 */
public record ProductionEventRecord(
        long envelopeId,
        String robotId,
        long seq,
        String type,
        @Schema(nullable = true) String goodId,
        String eventId,
        ProductionEventState state,
        Instant receivedAt,
        @Schema(nullable = true) Instant decidedAt,
        @Schema(nullable = true) String transactionId,
        @Schema(nullable = true) Long blockNumber,
        @Schema(nullable = true) RefusedBy refusedBy,
        @Schema(nullable = true) String errorCode,
        @Schema(nullable = true) String errorMessage,
        @Schema(nullable = true) String pendingReason) {

    /** The record with why it is still pending. */
    public ProductionEventRecord withPendingReason(String reason) {
        return new ProductionEventRecord(
                envelopeId,
                robotId,
                seq,
                type,
                goodId,
                eventId,
                state,
                receivedAt,
                decidedAt,
                transactionId,
                blockNumber,
                refusedBy,
                errorCode,
                errorMessage,
                reason);
    }
}
