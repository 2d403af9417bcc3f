package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DeflatedJsonTest {

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes(); // checks the trailer's CRC-32 and length
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    @Test
    void aCompressedAnswerWrappedInDifferentOpeningsDecompressesToExactlyTheWholeAnswer() throws IOException {
        StringBuilder tree = new StringBuilder("{\"tree\":[");
        for (int i = 0; i < 20_000; i++) {
            tree.append("{\"id\":\"good-")
                    .append(i)
                    .append("\",\"robot\":\"r-")
                    .append(i % 7)
                    .append("\"},");
        }
        byte[] json = tree.append("{}]}").toString().getBytes(StandardCharsets.UTF_8);
        DeflatedJson deflated = DeflatedJson.of(json);
        byte[] closing = "}".getBytes(StandardCharsets.US_ASCII);

        for (long height : new long[] {0, 7, 123_456_789}) {
            byte[] opening = ("{\"ledgerHeight\":" + height + ",\"provenance\":").getBytes(StandardCharsets.US_ASCII);
            assertThat(gunzip(deflated.gzip(opening, closing))).isEqualTo(concat(opening, json, closing));
        }
        assertThat(deflated.deflated().length).isLessThan(json.length / 4);
    }

    @Test
    void partsLongerThanOneStoredBlockAndEmptyPartsAreWrappedToo() throws IOException {
        byte[] incompressible = new byte[200_000];
        new Random(7).nextBytes(incompressible);
        byte[] longOpening = new byte[70_000];
        new Random(8).nextBytes(longOpening);
        DeflatedJson deflated = DeflatedJson.of(incompressible);

        assertThat(gunzip(deflated.gzip(longOpening, new byte[0]))).isEqualTo(concat(longOpening, incompressible));
        assertThat(gunzip(DeflatedJson.of(new byte[0]).gzip(new byte[0], new byte[0])))
                .isEmpty();
    }

    @Test
    void combinesCrcsAsIfComputedOverTheConcatenation() {
        byte[] first = "provenance ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = new byte[100_003];
        new Random(9).nextBytes(second);
        CRC32 whole = new CRC32();
        whole.update(first);
        whole.update(second);

        assertThat(DeflatedJson.combine(crc(first), crc(second), second.length)).isEqualTo((int) whole.getValue());
        assertThat(DeflatedJson.combine(crc(first), crc(new byte[0]), 0)).isEqualTo(crc(first));
    }

    private static int crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }
}
