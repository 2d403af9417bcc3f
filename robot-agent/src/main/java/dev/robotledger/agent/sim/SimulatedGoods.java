package dev.robotledger.agent.sim;

import dev.robotledger.contract.Sgtin;
import java.util.Map;

/**
 * The GS1 identities a simulated robot gives its goods: a GTIN per kind of good, from the GS1
 * company prefix of the configuration, and the serial {@code <robotId>.<step>}. Robot ids are
 * unique on the ledger and step numbers are never reused by a robot (a persisted counter), so no
 * two robots, and no restart of one, ever make the same GTIN and serial. Parts are made in lots of
 * {@value #LOT_SIZE}: lot {@code <robotId>-L<step / LOT_SIZE>}.
 */
public final class SimulatedGoods {

    static final int LOT_SIZE = 50;
    // Item references (after indicator digit 0), one per kind the simulator makes.
    private static final Map<String, Integer> ITEM_REFERENCES = Map.of("bracket", 1, "assembly", 2, "product", 3);
    private static final int MAX_STEP_DIGITS = 8;

    private final String robotId;
    private final String companyPrefix;

    public SimulatedGoods(String robotId, String companyPrefix) {
        if (companyPrefix.length() < Sgtin.MIN_COMPANY_PREFIX_LENGTH
                || companyPrefix.length() > Sgtin.MAX_COMPANY_PREFIX_LENGTH - 1
                || !companyPrefix.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("GS1 company prefix '" + companyPrefix + "' must be 6 to 11 digits"
                    + " (the simulator needs at least one digit of item reference)");
        }
        if (robotId.length() + 1 + MAX_STEP_DIGITS > Sgtin.MAX_SERIAL_LENGTH) {
            throw new IllegalArgumentException("robot id " + robotId + " is too long for GS1 serials <robotId>.<step>"
                    + " of at most " + Sgtin.MAX_SERIAL_LENGTH + " characters: use at most "
                    + (Sgtin.MAX_SERIAL_LENGTH - 1 - MAX_STEP_DIGITS) + " characters");
        }
        this.robotId = robotId;
        this.companyPrefix = companyPrefix;
    }

    /** The SGTIN of the good of {@code kind} this robot makes at production step {@code step}. */
    public Sgtin item(String kind, long step) {
        Integer reference = ITEM_REFERENCES.get(kind);
        if (reference == null) {
            throw new IllegalArgumentException("the simulator makes no " + kind);
        }
        String serial = robotId + "." + step;
        if (serial.length() > Sgtin.MAX_SERIAL_LENGTH) {
            throw new IllegalStateException("robot " + robotId + " reached step " + step + ": serial " + serial
                    + " is longer than " + Sgtin.MAX_SERIAL_LENGTH + " characters");
        }
        String itemReference = "0" + String.format("%0" + (12 - companyPrefix.length()) + "d", reference);
        return Sgtin.of(Sgtin.gtin(companyPrefix, itemReference), serial, companyPrefix.length());
    }

    /** The lot of a part made at {@code step}. */
    public String lot(long step) {
        return robotId + "-L" + step / LOT_SIZE;
    }
}
