package dev.robotledger.gateway.provenance;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A JSON answer compressed once, sent inside gzip bodies whose first and last bytes differ from
 * response to response (the ledger height written around a cached tree) without compressing it
 * again. The compressed bytes are raw DEFLATE blocks ending on a byte boundary (a sync flush, no
 * final block), so uncompressed ("stored") blocks before and after them make one valid DEFLATE
 * stream (RFC 1951), and the gzip trailer's CRC-32 is combined from the parts' CRCs as zlib's
 * {@code crc32_combine} does, without reading the answer again.
 *
 * @param deflated raw DEFLATE data of the JSON, sync-flushed, without a final block
 * @param crc32    CRC-32 of the uncompressed JSON
 * @param length   length of the uncompressed JSON
 */
public record DeflatedJson(byte[] deflated, int crc32, int length) {

    private static final int STORED_BLOCK_MAX = 65_535;
    private static final int CRC32_POLYNOMIAL = 0xedb88320;

    public DeflatedJson {
        Objects.requireNonNull(deflated, "deflated");
        if (length < 0) {
            throw new IllegalArgumentException("a length of " + length);
        }
    }

    public static DeflatedJson of(byte[] json) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 8 + 64);
            byte[] buffer = new byte[32_768];
            int written;
            do {
                written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, written);
            } while (written == buffer.length || !deflater.needsInput());
            CRC32 crc = new CRC32();
            crc.update(json);
            return new DeflatedJson(out.toByteArray(), (int) crc.getValue(), json.length);
        } finally {
            deflater.end();
        }
    }

    /** A gzip member (RFC 1952) whose content is {@code before}, this JSON, then {@code after}. */
    public byte[] gzip(byte[] before, byte[] after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length + before.length + after.length + 64);
        // magic, DEFLATE, no flags, no modification time, no extra flags, unknown OS
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        stored(out, before, false);
        out.writeBytes(deflated);
        stored(out, after, true);
        int crc = combine(combine(crc(before), crc32, length), crc(after), after.length);
        littleEndian(out, crc);
        littleEndian(out, before.length + length + after.length);
        return out.toByteArray();
    }

    /** Stored blocks of {@code data}, the last one final if asked; each starts on a byte boundary. */
    private static void stored(ByteArrayOutputStream out, byte[] data, boolean last) {
        int offset = 0;
        do {
            int size = Math.min(STORED_BLOCK_MAX, data.length - offset);
            boolean lastBlock = offset + size == data.length;
            out.write(last && lastBlock ? 1 : 0); // BFINAL, BTYPE 00, padding to the byte boundary
            out.write(size);
            out.write(size >>> 8);
            out.write(~size);
            out.write(~size >>> 8);
            out.write(data, offset, size);
            offset += size;
        } while (offset < data.length);
    }

    private static int crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static void littleEndian(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    /** The CRC-32 of A then B from A's CRC, B's CRC and B's length (zlib's GF(2) matrix method). */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        odd[0] = CRC32_POLYNOMIAL; // the operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int crc = crcA;
        long remaining = lengthB;
        do { // apply len(B) zero bytes to A's CRC, one power of two at a time
            square(even, odd);
            if ((remaining & 1) != 0) {
                crc = times(even, crc);
            }
            remaining >>>= 1;
            if (remaining == 0) {
                break;
            }
            square(odd, even);
            if ((remaining & 1) != 0) {
                crc = times(odd, crc);
            }
            remaining >>>= 1;
        } while (remaining != 0);
        return crc ^ crcB;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
