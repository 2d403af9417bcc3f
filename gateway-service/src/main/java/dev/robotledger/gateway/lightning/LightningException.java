package dev.robotledger.gateway.lightning;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A call to a Lightning node that did not do what was asked, saying why: the node could not be
 * reached, it refused the call (with its gRPC status code and message), or a payment it tried
 * failed (with lnd's failure reason).
 */
public final class LightningException extends RuntimeException {

    /** What went wrong. */
    public enum Failure {
        /** No answer: connection refused or reset, TLS failure, time-out. */
        UNREACHABLE,
        /** The node answered with an error: {@link #grpcCode()} and the node's message. */
        REFUSED,
        /** The node tried to pay and gave up: the message is lnd's failure reason. */
        PAYMENT_FAILED
    }

    /** gRPC's NOT_FOUND: an unknown invoice or payment. */
    public static final int NOT_FOUND = 5;

    private final Failure failure;
    private final String operation;
    private final Integer grpcCode;
    private final String nodeMessage;

    public LightningException(
            Failure failure, String operation, Integer grpcCode, String nodeMessage, Throwable cause) {
        super(operation + ": " + describe(failure, grpcCode, nodeMessage), cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.operation = operation;
        this.grpcCode = grpcCode;
        this.nodeMessage = nodeMessage == null ? "" : nodeMessage;
    }

    private static String describe(Failure failure, Integer grpcCode, String nodeMessage) {
        return switch (failure) {
            case UNREACHABLE -> "node unreachable (" + nodeMessage + ")";
            case REFUSED ->
                "refused by the node" + (grpcCode == null ? "" : " (code " + grpcCode + ")") + ": " + nodeMessage;
            case PAYMENT_FAILED -> "payment failed: " + nodeMessage;
        };
    }

    public Failure failure() {
        return failure;
    }

    /** The call that failed, for instance {@code "settle invoice"}. */
    public String operation() {
        return operation;
    }

    /** The gRPC status code the node answered with, when it answered with one. */
    public OptionalInt grpcCode() {
        return grpcCode == null ? OptionalInt.empty() : OptionalInt.of(grpcCode);
    }

    /** The node's own words (or the I/O error), for people; decide on {@link #failure()} and {@link #grpcCode()}. */
    public String nodeMessage() {
        return nodeMessage;
    }

    public boolean isNotFound() {
        return failure == Failure.REFUSED && grpcCode != null && grpcCode == NOT_FOUND;
    }
}
