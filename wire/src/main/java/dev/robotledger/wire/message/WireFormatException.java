package dev.robotledger.wire.message;

import java.util.Optional;

/**
 * Input that is not a valid message. {@link #reason()} says what kind of fault it is (for
 * dead-letter records and metrics); {@link #robotId()} names the robot when it could be read.
 */
public class WireFormatException extends IllegalArgumentException {

    /** The kinds of fault, stable names for metrics and dead-letter records. */
    public enum Reason {
        TOO_LARGE,
        MALFORMED_JSON,
        MISSING_FIELD,
        UNKNOWN_FIELD,
        WRONG_TYPE,
        BAD_ROBOT_ID,
        UNKNOWN_MESSAGE_TYPE,
        OUT_OF_RANGE,
        BAD_SIGNATURE_ENCODING,
        SEAL_MISMATCH,
        /** A well-formed envelope whose bytes are not its RFC 8785 canonical form. */
        NOT_CANONICAL,
        BAD_TOPIC
    }

    private final Reason reason;
    private final String robotId;
    private final String detail;

    public WireFormatException(Reason reason, String robotId, String detail) {
        super(reason + (robotId == null ? "" : " from robot " + robotId) + ": " + detail);
        this.reason = reason;
        this.robotId = robotId;
        this.detail = detail;
    }

    /** The same fault, attributed to {@code robotId} if it named no robot yet. */
    public WireFormatException attributedTo(String robotId) {
        return this.robotId != null || robotId == null ? this : new WireFormatException(reason, robotId, detail);
    }

    /** What is wrong, without the reason and robot prefix. */
    public String detail() {
        return detail;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<String> robotId() {
        return Optional.ofNullable(robotId);
    }
}
