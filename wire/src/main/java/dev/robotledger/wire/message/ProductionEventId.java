package dev.robotledger.wire.message;

import java.util.Optional;

/**
 * The ledger event id of a robot's production event: {@code production-<robotId>-<seq>}, from the
 * robot id and the envelope number, so that every retry, restart or second gateway sends the same
 * id and the ledger answers a replay instead of recording the event twice. A robot knows it as
 * soon as it has signed the event, and names the production of a good with it
 * ({@code producedBy}) in every later event about that good.
 *
 * <p>Robot ids are {@code [A-Za-z0-9._-]{1,64}} and envelope numbers at most 2^53 - 1, so the id is
 * visible ASCII of at most 92 characters, within the contract's 1..128.
 */
public final class ProductionEventId {

    static final String PREFIX = "production-";

    private ProductionEventId() {}

    /** The event id of envelope {@code seq} of robot {@code robotId}. */
    public static String of(String robotId, long seq) {
        return PREFIX + robotId + "-" + seq;
    }

    /** The event id of a signed production event. */
    public static String of(Envelope envelope) {
        return of(envelope.robotId(), envelope.seq());
    }

    /** The envelope number, when {@code eventId} names an event of {@code robotId}; empty otherwise. */
    public static Optional<Long> seqOf(String robotId, String eventId) {
        String prefix = PREFIX + robotId + "-";
        if (!eventId.startsWith(prefix)) {
            return Optional.empty();
        }
        String digits = eventId.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
