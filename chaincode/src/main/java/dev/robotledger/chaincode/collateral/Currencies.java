package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import java.util.regex.Pattern;

/** Fiat currency codes: three upper-case letters (ISO 4217 form); the contract keeps no list. */
final class Currencies {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    private Currencies() {}

    static String require(String field, String value) {
        Fields.requirePresent(field, value);
        if (!CODE.matcher(value).matches()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    field + " '" + Fields.requireText(field, value, 16)
                            + "' is not a currency code (three upper-case letters, e.g. USD)");
        }
        return value;
    }
}
