package dev.robotledger.contract.bitcoin;

import java.util.Arrays;

/** Reads Bitcoin's serialisation: little-endian integers and CompactSize lengths, bounds-checked. */
final class ByteReader {

    private final byte[] bytes;
    private final String what;
    private int position;

    ByteReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position == bytes.length;
    }

    int peek(int ahead) {
        require(ahead + 1);
        return bytes[position + ahead] & 0xff;
    }

    byte[] take(long count) {
        require(count);
        byte[] out = Arrays.copyOfRange(bytes, position, position + (int) count);
        position += (int) count;
        return out;
    }

    long uint32() {
        byte[] b = take(4);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    /** A CompactSize count or length, bounded by what is left (no structure has more parts than bytes). */
    long compactSize() {
        int first = peek(0);
        position++;
        long value = switch (first) {
            case 0xfd -> take(1)[0] & 0xffL | (take(1)[0] & 0xffL) << 8;
            case 0xfe -> uint32();
            case 0xff -> {
                long low = uint32();
                yield low | uint32() << 32;
            }
            default -> first;
        };
        if (value < 0 || value > bytes.length - position) {
            throw new BitcoinFormatException(
                    what + " declares " + Long.toUnsignedString(value) + " items or bytes at offset " + position
                            + ", more than the " + (bytes.length - position) + " bytes left");
        }
        return value;
    }

    byte[] slice(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private void require(long count) {
        if (count > bytes.length - position) {
            throw new BitcoinFormatException(
                    what + " ends at byte " + bytes.length + ", " + count + " more were needed at offset " + position);
        }
    }
}
