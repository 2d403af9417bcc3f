package dev.robotledger.gateway.ingestion;

import dev.robotledger.wire.message.Envelope;
import java.util.List;
import java.util.Objects;

/** The outcome of checking one delivery on its own, before the journal decides on its sequence. */
sealed interface Screening permits Screening.Passed, Screening.Refused {

    Delivery delivery();

    /**
     * A well-formed, correctly addressed envelope signed by an active robot.
     *
     * @param readingLeaves the Merkle leaf bytes of each reading of a telemetry window, in order
     *                      (empty for production events)
     */
    record Passed(Delivery delivery, Envelope envelope, List<byte[]> readingLeaves) implements Screening {
        public Passed {
            Objects.requireNonNull(envelope, "envelope");
            readingLeaves = List.copyOf(readingLeaves);
        }
    }

    /** A delivery that must be dead-lettered; robot id and sequence number when they could be read. */
    record Refused(Delivery delivery, RejectionReason reason, String detail, String robotId, Long seq)
            implements Screening {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
