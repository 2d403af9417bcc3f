package dev.robotledger.chaincode.ledger;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Runs every write exactly once per caller-supplied event id. The first run stores the
 * SHA-256 of the canonical request and the result; a replay with the same request returns
 * that result and writes nothing (no state, no event); the same id with a different request,
 * function or calling org is refused with {@link ErrorCode#EVENT_ID_REUSED}.
 */
public final class IdempotentWrites {

    static final String EVENT_RECORD = "event";

    private IdempotentWrites() {}

    public static String execute(
            WorldState state,
            Caller caller,
            String function,
            String eventId,
            Object request,
            Supplier<WriteOutcome> operation) {
        Fields.requireId("eventId", eventId, Fields.MAX_ID_LENGTH);
        String requestSha256 = sha256(function + '\n' + caller.mspId() + '\n' + Json.write(request));
        StateKey recordKey = StateKey.of(EVENT_RECORD, eventId);
        var earlier = state.find(recordKey, EventRecord.class);
        if (earlier.isPresent()) {
            EventRecord first = earlier.get();
            if (!first.requestSha256().equals(requestSha256)) {
                throw Refusals.of(
                        ErrorCode.EVENT_ID_REUSED,
                        "event id " + eventId + " was already used by " + first.function()
                                + " from " + first.callerMspId() + " in transaction " + first.txId()
                                + " with different arguments");
            }
            return first.result();
        }
        WriteOutcome outcome = operation.get();
        String result = Json.write(outcome.result());
        state.put(
                recordKey,
                new EventRecord(
                        eventId, function, caller.mspId(), requestSha256, result, state.txId(), state.txEpochMillis()));
        state.emit(
                outcome.eventName(), new LedgerEvent(eventId, outcome.entityId(), outcome.relatedIds(), state.txId()));
        return result;
    }

    static String sha256(String canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
