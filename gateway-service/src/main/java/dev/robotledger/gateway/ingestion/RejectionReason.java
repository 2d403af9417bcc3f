package dev.robotledger.gateway.ingestion;

/** Why a message was dead-lettered instead of journaled; stable names for metrics and the API. */
public enum RejectionReason {
    /** Larger than {@code gateway.ingestion.max-payload-bytes}; not parsed. */
    OVERSIZED,
    /** Not a well-formed envelope (JSON, fields, types, seal). */
    MALFORMED,
    /**
     * A well-formed envelope whose bytes are not its one canonical form (RFC 8785): the detail
     * names the first differing byte offset. Refused so that nobody can journal a re-spelling of a
     * robot's message before the robot's own bytes arrive.
     */
    NOT_CANONICAL,
    /** The topic is not a robot topic, or names another robot or message kind than the envelope. */
    TOPIC_MISMATCH,
    /** No robot with this id is registered. */
    UNKNOWN_ROBOT,
    /** The robot was revoked. */
    REVOKED_ROBOT,
    /** The signature does not verify under the robot's registered key. */
    FORGED_SIGNATURE,
    /**
     * Signed too far ahead of its arrival (or holding a reading that is), or longer ago than
     * {@code gateway.ingestion.max-message-age}: the robot's clock is wrong or the message is stale.
     */
    TIMESTAMP_OUT_OF_RANGE,
    /** A sequence number at or below the last accepted one, with other content than what was journaled. */
    REPLAYED_SEQUENCE,
    /** A sequence number below the last accepted one that was never journaled: it arrived after a later one. */
    OUT_OF_ORDER,
    /** A sequence number further ahead than {@code gateway.ingestion.max-sequence-jump}; the robot's state is unchanged. */
    SEQUENCE_JUMP,
    /** Accepted, but PostgreSQL refused to store it (a data or integrity error, not an outage). */
    JOURNAL_REFUSED
}
