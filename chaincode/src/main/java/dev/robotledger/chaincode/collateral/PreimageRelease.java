package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import java.util.regex.Pattern;

/** The ReleaseWithPreimage argument: the 32-byte Lightning payment preimage, as 64 lowercase hex digits. */
public record PreimageRelease(String loanId, String preimageHex) {

    private static final Pattern PREIMAGE = Pattern.compile("[0-9a-f]{64}");

    public PreimageRelease {
        Fields.requireId("loanId", loanId, Fields.MAX_ID_LENGTH);
        Fields.requirePresent("preimageHex", preimageHex);
        if (!PREIMAGE.matcher(preimageHex).matches()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "preimageHex for loan " + loanId + " is not a 32-byte preimage as 64 lowercase hex digits");
        }
    }
}
