package dev.robotledger.gateway.production;

import dev.robotledger.wire.message.MessageType;

/**
 * A journaled production event as the ledger gets it: the chaincode request built from the
 * robot's signed envelope, under an event id derived from the robot and its sequence number, so
 * that every retry, restart or second gateway sends the same id and the chaincode answers a
 * replay instead of recording the event twice.
 */
public record ProductionEvent(long envelopeId, String robotId, long seq, MessageType type, String eventId,
                              ContractRequest request) {

    static final String EVENT_ID_PREFIX = "production-";

    public ProductionEvent {
        if (!type.isProductionEvent()) {
            throw new IllegalArgumentException("envelope " + robotId + "/" + seq + " is " + type
                    + ", not a production event");
        }
        if (!eventId.equals(eventId(robotId, seq))) {
            throw new IllegalArgumentException("event id of " + robotId + "/" + seq + " must be "
                    + eventId(robotId, seq) + ", was " + eventId);
        }
    }

    /**
     * {@code production-<robotId>-<seq>}: robot ids are {@code [A-Za-z0-9._-]{1,64}} and sequence
     * numbers at most 2^53 - 1, so the id is visible ASCII of at most 92 characters, within the
     * contract's 1..128.
     */
    public static String eventId(String robotId, long seq) {
        return EVENT_ID_PREFIX + robotId + "-" + seq;
    }

    /** Names the event in logs and exceptions. */
    public String describe() {
        return type + " " + robotId + "/" + seq + " (" + request.function() + " " + eventId + ")";
    }
}
