package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.ledger.LedgerCallFailedException;
import dev.robotledger.gateway.telemetry.AnchorFailure;
import dev.robotledger.gateway.telemetry.AnchorSubmissionException;
import io.grpc.Status;
import org.hyperledger.fabric.client.GatewayException;

/**
 * A call to the peer's Gateway service failed before the anchor committed: which call, the
 * transaction it was for, the gRPC status code, and what each peer or orderer said.
 */
public final class AnchorCallFailedException extends AnchorSubmissionException {

    /** The Gateway service call that failed. */
    public enum Phase { ENDORSE, SUBMIT, COMMIT_STATUS, BLOCK_LOOKUP }

    /** The shared submission's failure, typed for the anchor. */
    static AnchorCallFailedException of(LedgerCallFailedException failure) {
        Phase phase = switch (failure.phase()) {
            case ENDORSE -> Phase.ENDORSE;
            case SUBMIT -> Phase.SUBMIT;
            case COMMIT_STATUS -> Phase.COMMIT_STATUS;
            case EVALUATE -> Phase.BLOCK_LOOKUP;
        };
        return new AnchorCallFailedException(phase, failure.transactionId(), failure.gatewayError());
    }

    private final Phase phase;
    private final String transactionId;
    private final Status.Code code;

    AnchorCallFailedException(Phase phase, String transactionId, GatewayException cause) {
        super(reasonOf(phase, cause.getStatus().getCode()), phase + " of anchor transaction " + transactionId
                + " failed: " + LedgerCallFailedException.describe(cause), cause);
        this.phase = phase;
        this.transactionId = transactionId;
        this.code = cause.getStatus().getCode();
    }

    private static AnchorFailure reasonOf(Phase phase, Status.Code code) {
        if (LedgerCallFailedException.unreachable(code)) {
            return AnchorFailure.LEDGER_UNREACHABLE;
        }
        return switch (phase) {
            case ENDORSE -> AnchorFailure.ENDORSEMENT_REFUSED;
            case SUBMIT -> AnchorFailure.SUBMISSION_REFUSED;
            case COMMIT_STATUS, BLOCK_LOOKUP -> AnchorFailure.UNEXPECTED;
        };
    }


    public Phase phase() {
        return phase;
    }

    public String transactionId() {
        return transactionId;
    }

    public Status.Code code() {
        return code;
    }
}
