package dev.robotledger.chaincode.good;

import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.StateKey;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.contract.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes goods, their key-level endorsement, and the robot output index
 * {@code robot~day~time~good}. Fabric refuses composite keys in plain range queries, so the
 * index is bucketed by UTC day: a time window is one partial-key range scan per day, never a
 * scan of all goods.
 */
public final class Goods {

    static final String ROBOT_OUTPUT_INDEX = "robot~day~time~good";
    // One entry per GS1 serialised item, whatever company prefix length its EPC URI was written with.
    static final String SERIAL_INDEX = "gtin~serial";
    public static final long MAX_WINDOW_DAYS = 366;
    public static final int MAX_OUTPUT_ENTRIES = 10_000;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final int maxOutputEntries;

    public Goods() {
        this(MAX_OUTPUT_ENTRIES);
    }

    /** With a smaller output bound, for tests of the bound. */
    public Goods(int maxOutputEntries) {
        this.maxOutputEntries = maxOutputEntries;
    }

    public Optional<Good> find(WorldState state, String goodId) {
        return state.find(Good.key(goodId), Good.class);
    }

    public Good get(WorldState state, String goodId) {
        return find(state, goodId)
                .orElseThrow(() -> Refusals.of(ErrorCode.GOOD_NOT_FOUND, "good " + goodId + " does not exist"));
    }

    public boolean exists(WorldState state, String goodId) {
        return state.exists(Good.key(goodId));
    }

    /** Writes a new good, its output-index entry, and makes its custodian the key's endorser. */
    public void create(WorldState state, Good good) {
        state.put(Good.key(good.id()), good);
        Production production = good.production();
        state.putIndex(StateKey.of(
                ROBOT_OUTPUT_INDEX,
                production.robotId(),
                dayBucket(production.producedAtEpochMillis() / MILLIS_PER_DAY),
                millis(production.producedAtEpochMillis()),
                good.id()));
        if (production.gtin() != null) {
            state.putIndex(StateKey.of(SERIAL_INDEX, production.gtin(), production.serial()));
        }
        state.requireEndorsementBy(Good.key(good.id()), good.custodianOrg());
    }

    /** Whether a good with this GTIN and serial is recorded. */
    public boolean serialRecorded(WorldState state, String gtin, String serial) {
        return state.exists(StateKey.of(SERIAL_INDEX, gtin, serial));
    }

    public void update(WorldState state, Good good) {
        state.put(Good.key(good.id()), good);
    }

    /** Updates a good whose custodian changed, moving its endorsement to the new custodian's peers. */
    public void updateCustodian(WorldState state, Good good) {
        update(state, good);
        state.requireEndorsementBy(Good.key(good.id()), good.custodianOrg());
    }

    /** Goods {@code robotId} produced in [from, to] (epoch millis, inclusive), oldest first. */
    public List<RobotOutputEntry> producedBy(
            WorldState state, String robotId, long fromEpochMillis, long toEpochMillis) {
        if (fromEpochMillis < 0 || toEpochMillis < fromEpochMillis) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "time window [" + fromEpochMillis + ", " + toEpochMillis + "] for robot " + robotId
                            + " is empty or negative");
        }
        long firstDay = fromEpochMillis / MILLIS_PER_DAY;
        long lastDay = toEpochMillis / MILLIS_PER_DAY;
        if (lastDay - firstDay + 1 > MAX_WINDOW_DAYS) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "time window for robot " + robotId + " spans " + (lastDay - firstDay + 1) + " days; at most "
                            + MAX_WINDOW_DAYS + " per query");
        }
        List<RobotOutputEntry> output = new ArrayList<>();
        for (long day = firstDay; day <= lastDay; day++) {
            for (StateKey entry : state.scanKeys(ROBOT_OUTPUT_INDEX, robotId, dayBucket(day))) {
                long producedAt = Long.parseLong(entry.attribute(2));
                if (producedAt >= fromEpochMillis && producedAt <= toEpochMillis) {
                    if (output.size() == maxOutputEntries) {
                        throw Refusals.of(
                                ErrorCode.RESULT_TOO_LARGE,
                                "robot " + robotId + " produced more than "
                                        + maxOutputEntries + " goods in [" + fromEpochMillis + ", " + toEpochMillis
                                        + "]; query a shorter window");
                    }
                    output.add(new RobotOutputEntry(entry.attribute(3), producedAt));
                }
            }
        }
        return output;
    }

    private static String dayBucket(long epochDay) {
        return String.format("%08d", epochDay);
    }

    // Fixed width so that key order is time order.
    private static String millis(long epochMillis) {
        return String.format("%015d", epochMillis);
    }
}
