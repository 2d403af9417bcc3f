package dev.robotledger.gateway.collateral;

/**
 * The contract's {@code RecordBtcPrice} request: the price of one bitcoin in integer minor units
 * of a fiat currency ({@code 6543210} USD is 65,432.10 USD), its source and observation time. A
 * price id is recorded once.
 */
public record BtcPrice(
        String priceId, String currency, Long minorUnitsPerBtc, String source, Long observedAtEpochMillis) {

    public BtcPrice {
        Checks.id("priceId", priceId);
        Checks.currency("currency", currency);
        Checks.range("minorUnitsPerBtc", minorUnitsPerBtc, 1, Checks.MAX_MINOR_UNITS);
        Checks.text("source", source);
        Checks.range("observedAtEpochMillis", observedAtEpochMillis, 1, Long.MAX_VALUE);
    }
}
