package dev.robotledger.gateway.ledger;

import io.grpc.Status;
import java.util.List;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * A call to the peer's Gateway service failed: which call, the transaction it was for, the gRPC
 * status code, and what each peer or orderer said (e.g. the chaincode's refusal).
 */
public final class LedgerCallFailedException extends RuntimeException {

    /** The Gateway service call that failed. */
    public enum Phase { ENDORSE, SUBMIT, COMMIT_STATUS, EVALUATE }

    private final Phase phase;
    private final String transactionId;
    private final GatewayException gatewayError;

    public LedgerCallFailedException(Phase phase, String transactionId, GatewayException cause) {
        super(phase + " of transaction " + transactionId + " failed: " + describe(cause), cause);
        this.phase = phase;
        this.transactionId = transactionId;
        this.gatewayError = cause;
    }

    /** The gRPC status and every peer's message, as one line. */
    public static String describe(GatewayException cause) {
        StringBuilder text = new StringBuilder().append(cause.getStatus().getCode()).append(' ')
                .append(cause.getStatus().getDescription());
        for (ErrorDetail detail : cause.getDetails()) {
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
        return gatewayError.getStatus().getCode();
    }

    /** The client's exception, with the per-peer details. */
    public GatewayException gatewayError() {
        return gatewayError;
    }

    /** Whether the peer could not be reached or did not answer in time (gRPC UNAVAILABLE, DEADLINE_EXCEEDED). */
    public boolean unreachable() {
        return unreachable(code());
    }

    public static boolean unreachable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    /** The peers' messages, e.g. {@code chaincode response 500, robot r-1 is already registered by ...}. */
    public List<String> peerMessages() {
        return gatewayError.getDetails().stream().map(ErrorDetail::getMessage).toList();
    }
}
