package dev.robotledger.gateway.ingestion;

/** What to do with an authentic envelope given the robot's sequence so far. */
sealed interface SequenceDecision {

    /** The next number, or the robot's first envelope the journal sees: journal it. */
    record Next() implements SequenceDecision {}

    /** Numbers were skipped: journal it and record the gap. */
    record Gap(long firstMissing, long lastMissing) implements SequenceDecision {
        public Gap {
            if (firstMissing > lastMissing) {
                throw new IllegalArgumentException("empty gap " + firstMissing + ".." + lastMissing);
            }
        }
    }

    /** A number missing from the recorded gap {@code firstMissing..lastMissing} came late: journal it, shrink the gap. */
    record Filled(long firstMissing, long lastMissing) implements SequenceDecision {}

    /** A number further past the last accepted one (or 0) than the window allows: refuse, change nothing. */
    record TooFarAhead(long baseline, long maxJump) implements SequenceDecision {}

    /** The very bytes already journaled under this number (a redelivery): acknowledge, store nothing. */
    record Duplicate() implements SequenceDecision {}

    /** A number at or below the last accepted one with different content: refuse. */
    record Replay(long lastAccepted) implements SequenceDecision {}

    /** A number below the last accepted one, never journaled and in no recorded gap: it came too late, refuse. */
    record Late(long lastAccepted) implements SequenceDecision {}
}
