package dev.robotledger.chaincode.collateral;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.good.Manufacturing;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.contract.ErrorCode;
import java.util.List;

/**
 * BTC prices recorded by the oracle org, and the latest one per currency. The index
 * {@code btcPrice~ccy~day~time~id} is bucketed by UTC day with fixed-width times, so the latest
 * price is the last key of the newest non-empty day: at most {@link #MAX_PRICE_AGE_MILLIS} worth
 * of day buckets is scanned, never the whole history. A price older than that is stale and no
 * valuation uses it.
 */
public final class BtcPrices {

    /** How old the latest price may be for a valuation, margin check, pledge or liquidation. */
    public static final long MAX_PRICE_AGE_MILLIS = 86_400_000L;

    static final String INDEX = "btcPrice~ccy~day~time~id";
    private static final long MILLIS_PER_DAY = 86_400_000L;

    public WriteOutcome record(WorldState state, Caller caller, BtcPriceReport report) {
        caller.requireRole(OrgRole.ORACLE, "record BTC prices");
        var earlier = state.find(BtcPrice.key(report.priceId()), BtcPrice.class);
        if (earlier.isPresent()) {
            throw Refusals.of(
                    ErrorCode.PRICE_ALREADY_RECORDED,
                    "price " + report.priceId() + " was already recorded in transaction "
                            + earlier.get().txId());
        }
        long txTime = state.txEpochMillis();
        if (report.observedAtEpochMillis() > txTime + Manufacturing.MAX_CLOCK_LEAD_MILLIS) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "price " + report.priceId() + " has observedAtEpochMillis " + report.observedAtEpochMillis()
                            + ", later than the transaction time " + txTime);
        }
        BtcPrice price = new BtcPrice(
                report.priceId(),
                report.currency(),
                report.minorUnitsPerBtc(),
                report.source(),
                report.observedAtEpochMillis(),
                caller.mspId(),
                txTime,
                state.txId());
        state.put(BtcPrice.key(price.priceId()), price);
        state.putIndex(StateKey.of(
                INDEX,
                price.currency(),
                day(price.observedAtEpochMillis()),
                String.format("%015d", price.observedAtEpochMillis()),
                price.priceId()));
        return WriteOutcome.of("BtcPriceRecorded", price.priceId(), price);
    }

    public BtcPrice get(WorldState state, String priceId) {
        return state.find(BtcPrice.key(priceId), BtcPrice.class)
                .orElseThrow(() -> Refusals.of(ErrorCode.PRICE_NOT_FOUND, "price " + priceId + " was never recorded"));
    }

    /** The price observed last, at most {@link #MAX_PRICE_AGE_MILLIS} before the transaction. */
    public BtcPrice latest(WorldState state, String currency) {
        long txTime = state.txEpochMillis();
        long oldest = txTime - MAX_PRICE_AGE_MILLIS;
        long newestDay = (txTime + Manufacturing.MAX_CLOCK_LEAD_MILLIS) / MILLIS_PER_DAY;
        for (long day = newestDay; day >= Math.max(0, oldest) / MILLIS_PER_DAY; day--) {
            List<StateKey> entries = state.scanKeys(INDEX, currency, String.format("%08d", day));
            if (!entries.isEmpty()) {
                StateKey last = entries.get(entries.size() - 1);
                if (Long.parseLong(last.attribute(2)) >= oldest) {
                    return get(state, last.attribute(3));
                }
                break;
            }
        }
        throw Refusals.of(
                ErrorCode.PRICE_NOT_FOUND,
                "no BTC price in " + currency + " was recorded in the " + MAX_PRICE_AGE_MILLIS / 3_600_000
                        + " hours before " + txTime + "; the oracle must record one first");
    }

    private static String day(long epochMillis) {
        return String.format("%08d", epochMillis / MILLIS_PER_DAY);
    }
}
