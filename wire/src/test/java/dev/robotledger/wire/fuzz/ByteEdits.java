package dev.robotledger.wire.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Byte-level tampering driven by a fuzzer's input, shared by the fuzz tests of signed formats. */
public final class ByteEdits {

    private ByteEdits() {}

    /**
     * A copy of {@code original} with up to 8 bytes overwritten, inserted or deleted as the input
     * dictates; an input with no recipe leaves it as it is.
     */
    public static byte[] apply(byte[] original, FuzzedDataProvider data) {
        byte[] current = original.clone();
        int edits = data.consumeInt(0, 8);
        for (int i = 0; i < edits && current.length > 0; i++) {
            int at = data.consumeInt(0, current.length - 1);
            byte value = data.consumeByte();
            switch (data.consumeInt(0, 2)) {
                case 0 -> current[at] = value;
                case 1 -> {
                    byte[] longer = new byte[current.length + 1];
                    System.arraycopy(current, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(current, at, longer, at + 1, current.length - at);
                    current = longer;
                }
                default -> {
                    byte[] shorter = new byte[current.length - 1];
                    System.arraycopy(current, 0, shorter, 0, at);
                    System.arraycopy(current, at + 1, shorter, at, current.length - at - 1);
                    current = shorter;
                }
            }
        }
        return current;
    }
}
