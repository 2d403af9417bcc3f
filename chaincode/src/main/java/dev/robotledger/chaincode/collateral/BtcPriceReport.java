package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;

/**
 * The RecordBtcPrice argument: the price of one bitcoin in integer minor units of a fiat
 * {@code currency} (ISO 4217 code; 6543210 USD = 65,432.10 USD per BTC), where it was observed
 * and when.
 */
public record BtcPriceReport(
        String priceId, String currency, Long minorUnitsPerBtc, String source, Long observedAtEpochMillis) {

    /** Bounds the price so that every product in the loan-to-value arithmetic stays exact. */
    static final long MAX_MINOR_UNITS_PER_BTC = 1_000_000_000_000_000L;

    public BtcPriceReport {
        Fields.requireId("priceId", priceId, Fields.MAX_ID_LENGTH);
        Currencies.require("currency", currency);
        Fields.requirePresent("minorUnitsPerBtc", minorUnitsPerBtc);
        if (minorUnitsPerBtc <= 0 || minorUnitsPerBtc > MAX_MINOR_UNITS_PER_BTC) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "price " + priceId + " has minorUnitsPerBtc " + minorUnitsPerBtc + "; it must be in [1, "
                            + MAX_MINOR_UNITS_PER_BTC + "]");
        }
        Fields.requireText("source", source, Fields.MAX_TEXT_LENGTH);
        Fields.requireEpochMillis("observedAtEpochMillis", observedAtEpochMillis);
    }
}
