package dev.robotledger.agent.sim;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Whether an id falls in a share of all ids: the same answer for the same id in every run, so a
 * restarted simulator decides as before, and about {@code share} of many ids fall in it.
 */
public final class IdShare {

    private static final int SCALE = 1_000_000;

    private IdShare() {}

    /**
     * The ids of a share (0..1) of all ids, drawn for one {@code decision}: another decision with the
     * same share draws other ids.
     */
    public static Predicate<String> of(double share, String decision) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the " + decision + " share must lie in [0, 1], was " + share);
        }
        return id -> contains(share, decision + ":" + id);
    }

    /** Whether {@code id} lies in the share {@code share} (0..1) of ids. */
    public static boolean contains(double share, String id) {
        CRC32C crc = new CRC32C();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % SCALE < Math.round(share * SCALE);
    }
}
