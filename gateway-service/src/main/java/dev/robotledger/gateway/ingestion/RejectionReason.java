package dev.robotledger.gateway.ingestion;

/** Why a message was dead-lettered instead of journaled; stable names for metrics and the API. */
public enum RejectionReason {
    /** Larger than {@code gateway.ingestion.max-payload-bytes}; not parsed. */
    OVERSIZED,
    /** Not a well-formed envelope (JSON, fields, types, seal). */
    MALFORMED,
    /** The topic is not a robot topic, or names another robot or message kind than the envelope. */
    TOPIC_MISMATCH,
    /** No robot with this id is registered. */
    UNKNOWN_ROBOT,
    /** The robot was revoked. */
    REVOKED_ROBOT,
    /** The signature does not verify under the robot's registered key. */
    FORGED_SIGNATURE,
    /** A sequence number at or below the last accepted one, with other content than what was journaled. */
    REPLAYED_SEQUENCE,
    /** Accepted, but PostgreSQL refused to store it (a data or integrity error, not an outage). */
    JOURNAL_REFUSED
}
