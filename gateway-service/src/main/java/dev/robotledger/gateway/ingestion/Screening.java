package dev.robotledger.gateway.ingestion;

import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.MessageType;
import java.util.Objects;

/** The outcome of checking one delivery on its own, before the journal decides on its sequence. */
sealed interface Screening permits Screening.Passed, Screening.Refused {

    Delivery delivery();

    /** A well-formed, correctly addressed envelope signed by an active robot. */
    record Passed(Delivery delivery, Envelope envelope) implements Screening {
        public Passed {
            Objects.requireNonNull(envelope, "envelope");
        }

        /** The readings a telemetry window carries; 0 for production events. */
        int readingCount() {
            return envelope.type() == MessageType.TELEMETRY_WINDOW
                    ? envelope.telemetryWindow().readingCount()
                    : 0;
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
