package dev.robotledger.gateway.telemetry.fabric;

import dev.robotledger.gateway.telemetry.AnchorFailure;
import dev.robotledger.gateway.telemetry.AnchorSubmissionException;
import io.grpc.Status;
import java.util.List;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * A call to the peer's Gateway service failed before the anchor committed: which call, the
 * transaction it was for, the gRPC status code, and what each peer or orderer said.
 */
public final class AnchorCallFailedException extends AnchorSubmissionException {

    /** The Gateway service call that failed. */
    public enum Phase { ENDORSE, SUBMIT, COMMIT_STATUS, BLOCK_LOOKUP }

    private final Phase phase;
    private final String transactionId;
    private final Status.Code code;

    AnchorCallFailedException(Phase phase, String transactionId, GatewayException cause) {
        super(reasonOf(phase, cause.getStatus().getCode()), phase + " of anchor transaction " + transactionId
                + " failed: " + cause.getStatus().getCode() + " " + cause.getStatus().getDescription()
                + details(cause.getDetails()), cause);
        this.phase = phase;
        this.transactionId = transactionId;
        this.code = cause.getStatus().getCode();
    }

    private static AnchorFailure reasonOf(Phase phase, Status.Code code) {
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return AnchorFailure.LEDGER_UNREACHABLE;
        }
        return switch (phase) {
            case ENDORSE -> AnchorFailure.ENDORSEMENT_REFUSED;
            case SUBMIT -> AnchorFailure.SUBMISSION_REFUSED;
            case COMMIT_STATUS, BLOCK_LOOKUP -> AnchorFailure.UNEXPECTED;
        };
    }

    private static String details(List<ErrorDetail> details) {
        StringBuilder text = new StringBuilder();
        for (ErrorDetail detail : details) {
            text.append("; ").append(detail.getMspId()).append(" at ").append(detail.getAddress()).append(": ")
                    .append(detail.getMessage());
        }
        return text.toString();
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
