package dev.robotledger.gateway.ingestion;

import java.util.Optional;
import java.util.OptionalLong;

/** What the journal already holds about a robot's sequence, read inside the current transaction. */
interface SequenceLedger {

    /** The highest sequence number journaled for the robot, if any. */
    OptionalLong lastAccepted(String robotId);

    /** The SHA-256 of the envelope bytes journaled under this robot and sequence number, if any. */
    Optional<byte[]> journaledDigest(String robotId, long seq);
}
