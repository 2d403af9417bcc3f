package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.ledger.StateKey;

/** A BTC price the oracle recorded, under {@code btcPrice/<priceId>}. */
public record BtcPrice(
        String priceId,
        String currency,
        long minorUnitsPerBtc,
        String source,
        long observedAtEpochMillis,
        String recordedByOrg,
        long recordedAtEpochMillis,
        String txId) {

    static StateKey key(String priceId) {
        return StateKey.of("btcPrice", priceId);
    }
}
