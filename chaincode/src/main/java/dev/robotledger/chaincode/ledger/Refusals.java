package dev.robotledger.chaincode.ledger;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The contract's refusals as the shim sends them: the message in the contract API's
 * {@link Refusal} format (the code first), the code again as payload for clients that see it.
 */
public final class Refusals {

    private Refusals() {}

    /** A refusal with {@code code}; the detail must name the offending id. */
    public static ChaincodeException of(ErrorCode code, String detail) {
        return new ChaincodeException(
                new Refusal(code, detail).message(), code.name().getBytes(StandardCharsets.UTF_8));
    }

    /** The code a refused transaction carried, or empty when the payload is not one of ours. */
    public static Optional<ErrorCode> codeOf(ChaincodeException refusal) {
        byte[] payload = refusal.getPayload();
        if (payload == null) {
            return Optional.empty();
        }
        String name = new String(payload, StandardCharsets.UTF_8);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
