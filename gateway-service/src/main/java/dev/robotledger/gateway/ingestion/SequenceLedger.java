package dev.robotledger.gateway.ingestion;

import dev.robotledger.gateway.journal.SequenceGap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What the journal already holds about a robot's sequence, read inside the current transaction. */
interface SequenceLedger {

    /** The highest sequence number journaled for the robot, if any. */
    OptionalLong lastAccepted(String robotId);

    /**
     * Locks the robots' sequences against other writers until the transaction ends, and then reads
     * their highest journaled numbers (robots without any are absent).
     */
    Map<String, Long> lockSequences(Collection<String> robotIds);

    /** The robot's recorded gaps. */
    List<SequenceGap> openGaps(String robotId);

    /** The SHA-256 of the envelope bytes journaled under this robot and sequence number, if any. */
    Optional<byte[]> journaledDigest(String robotId, long seq);
}
