package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.WireFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final KeyPair KEYS = EcdsaP256.generateKeyPair();

    @Test
    void roundTripsThroughItsWireBytesAndVerifies() {
        Envelope sent = qualityCheck(7);
        Envelope received = Envelope.parse(sent.toBytes(), Envelope.DEFAULT_MAX_BYTES);
        assertThat(received).isEqualTo(sent);
        assertThat(received.verify(KEYS.getPublic())).isTrue();
        assertThat(received.toBytes()).isEqualTo(sent.toBytes());
        assertThat(received.id()).isEqualTo("r-1/7");
    }

    @Test
    void canonicalBytesFollowRfc8785AndLeaveOutTheSignature() {
        // The payload is RFC 8785's own example (section 3.2.2): numbers, escapes and key order.
        String wire = """
                {"type":"QUALITY_CHECK","seq":7,"timestamp":1700000000000,"robotId":"r-1","signature":"AAAA",
                 "payload":{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],
                   "string":"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                   "literals":[null,true,false]}}
                """;
        Envelope envelope = build(wire);
        String expected = "{\"payload\":{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"},"
                + "\"robotId\":\"r-1\",\"seq\":7,\"timestamp\":1700000000000,\"type\":\"QUALITY_CHECK\"}";
        assertThat(new String(envelope.canonicalBytes(), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void refusesEveryAlteredByteOfAnEvent() {
        assertEveryAlteredByteIsRefused(qualityCheck(7).toBytes());
    }

    @Test
    void refusesEveryAlteredByteOfATelemetryWindow() {
        TelemetryWindow window = TelemetryWindow.seal("r-1", TestReadings.readings(10, 3));
        assertEveryAlteredByteIsRefused(
                Envelope.sign(4, 1_700_000_000_100L, window, KEYS.getPrivate()).toBytes());
    }

    @Test
    void refusesASignatureOfAnotherKey() {
        assertThat(qualityCheck(7).verify(EcdsaP256.generateKeyPair().getPublic()))
                .isFalse();
    }

    @Test
    void readsAsFarAsTheSignatureAndVerifiesAsTheCheckedEnvelopeWould() {
        TelemetryWindow window = TelemetryWindow.seal("r-1", TestReadings.readings(0, 4));
        byte[] wire =
                Envelope.sign(3, 1_700_000_000_100L, window, KEYS.getPrivate()).toBytes();

        Envelope.Unchecked read = Envelope.read(wire, Envelope.DEFAULT_MAX_BYTES);

        assertThat(read.robotId()).isEqualTo("r-1");
        assertThat(read.seq()).isEqualTo(3);
        assertThat(read.type()).isEqualTo(MessageType.TELEMETRY_WINDOW);
        assertThat(read.verify(KEYS.getPublic())).isTrue();
        assertThat(read.verify(EcdsaP256.generateKeyPair().getPublic())).isFalse();
        assertThat(read.envelope()).isEqualTo(Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES));
    }

    @Test
    void leavesTheReadingsAndTheByteFormToTheCheckedEnvelope() {
        TelemetryWindow window = TelemetryWindow.seal("r-1", TestReadings.readings(0, 4));
        String wire = new String(Envelope.sign(1, 2, window, KEYS.getPrivate()).toBytes(), StandardCharsets.UTF_8);
        // The readings are bound by the signed Merkle root, not signed themselves.
        Envelope.Unchecked altered = Envelope.read(
                wire.replace("\"cycleTimeMillis\":901", "\"cycleTimeMillis\":999")
                        .getBytes(StandardCharsets.UTF_8),
                Envelope.DEFAULT_MAX_BYTES);
        Envelope.Unchecked respelled = Envelope.read(
                wire.replace("\"seq\":1,", "\"seq\": 1,").getBytes(StandardCharsets.UTF_8), Envelope.DEFAULT_MAX_BYTES);

        assertThat(altered.verify(KEYS.getPublic())).isTrue();
        assertReason(altered::envelope, Reason.SEAL_MISMATCH);
        assertThat(respelled.verify(KEYS.getPublic())).isTrue();
        assertReason(respelled::envelope, Reason.NOT_CANONICAL);
    }

    @Test
    void refusesSignedValuesCanonicalJsonCannotSpellAsOutOfRangeNotForged() {
        String wire = new String(qualityCheck(7).toBytes(), StandardCharsets.UTF_8)
                .replace("\"payload\":{", "\"payload\":{\"huge\":1e400,");

        Envelope.Unchecked read = Envelope.read(wire.getBytes(StandardCharsets.UTF_8), Envelope.DEFAULT_MAX_BYTES);

        assertReason(() -> read.verify(KEYS.getPublic()), Reason.OUT_OF_RANGE);
    }

    @Test
    void refusesInputLargerThanTheLimitBeforeParsing() {
        byte[] wire = qualityCheck(1).toBytes();
        assertReason(() -> Envelope.parse(wire, wire.length - 1), Reason.TOO_LARGE);
        assertThat(Envelope.parse(wire, wire.length)).isNotNull();
    }

    @Test
    void namesTheFaultOfMalformedEnvelopes() {
        String good = new String(qualityCheck(1).toBytes(), StandardCharsets.UTF_8);
        assertReason(() -> parse("{\"robotId\":"), Reason.MALFORMED_JSON);
        assertReason(() -> parse("[1,2]"), Reason.WRONG_TYPE);
        assertReason(() -> parse(good + "{}"), Reason.MALFORMED_JSON);
        assertReason(() -> parse(good.replace("\"seq\":1,", "\"seq\":1,\"seq\":2,")), Reason.MALFORMED_JSON);
        assertReason(() -> parse(good.replace("\"seq\":1,", "")), Reason.MISSING_FIELD);
        assertReason(() -> parse(good.replace("\"seq\":1,", "\"seq\":\"1\",")), Reason.WRONG_TYPE);
        assertReason(() -> parse(good.replace("\"seq\":1,", "\"seq\":1,\"extra\":0,")), Reason.UNKNOWN_FIELD);
        assertReason(() -> parse(good.replace("\"QUALITY_CHECK\"", "\"REBOOT\"")), Reason.UNKNOWN_MESSAGE_TYPE);
        assertReason(() -> parse(good.replace("\"seq\":1,", "\"seq\":-1,")), Reason.OUT_OF_RANGE);
        assertReason(() -> parse(good.replace("\"seq\":1,", "\"seq\":9007199254740992,")), Reason.OUT_OF_RANGE);
        assertReason(
                () -> parse(good.replace("\"passed\":true", "\"passed\":12345678901234567890")), Reason.OUT_OF_RANGE);
        assertReason(() -> parse(good.replace("\"signature\":\"", "\"signature\":\"!")), Reason.BAD_SIGNATURE_ENCODING);
        assertReason(() -> parse(good.replace("{\"passed\":true}", "[]")), Reason.WRONG_TYPE);
        assertReason(
                () -> Envelope.parse(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, 100),
                Reason.MALFORMED_JSON);
    }

    @Test
    void refusesUnpairedSurrogatesThatWouldCanonicalizeLikeAnotherString() {
        String good = new String(qualityCheck(1).toBytes(), StandardCharsets.UTF_8);
        assertReason(() -> parse(good.replace("{\"passed\":true}", "{\"note\":\"\\ud800\"}")), Reason.MALFORMED_JSON);
        assertReason(() -> parse(good.replace("{\"passed\":true}", "{\"\\udc00\":1}")), Reason.MALFORMED_JSON);
        Envelope pair = build(good.replace("{\"passed\":true}", "{\"note\":\"\\ud83e\\udd16\"}"));
        assertThat(new String(pair.canonicalBytes(), StandardCharsets.UTF_8)).contains("\"note\":\"\uD83E\uDD16\"");
    }

    @Test
    void refusesFloatsThatCanonicalJsonWritesAsUnsafeIntegers() {
        String good = new String(qualityCheck(1).toBytes(), StandardCharsets.UTF_8);
        assertReason(() -> parse(good.replace("{\"passed\":true}", "{\"big\":1e20}")), Reason.OUT_OF_RANGE);
        assertReason(
                () -> parse(good.replace("{\"passed\":true}", "{\"big\":-9007199254740992.0}")), Reason.OUT_OF_RANGE);
        Envelope exponentForm = build(good.replace("{\"passed\":true}", "{\"big\":1e21}"));
        assertThat(Envelope.parse(exponentForm.toBytes(), 65536)).isEqualTo(exponentForm);
    }

    @Test
    void equalsTheEnvelopeParsedFromItsOwnBytes() {
        String good = new String(qualityCheck(1).toBytes(), StandardCharsets.UTF_8);
        Envelope floats = build(good.replace("{\"passed\":true}", "{\"score\":1.0,\"weight\":2.5e1,\"zero\":-0.0}"));
        assertThat(Envelope.parse(floats.toBytes(), 65536)).isEqualTo(floats);
        assertThat(new String(floats.toBytes(), StandardCharsets.UTF_8))
                .contains("{\"score\":1,\"weight\":25,\"zero\":0}");
    }

    @Test
    void refusesEveryOtherSpellingOfAValidEnvelopeNamingTheFirstDifferingByte() {
        Envelope genuine = Envelope.sign(
                "r-1",
                1,
                1_700_000_000_000L,
                MessageType.QUALITY_CHECK,
                Json.object().put("count", 0).put("note", "a/b").put("score", 1).put("weight", 0.1),
                KEYS.getPrivate());
        byte[] wire = genuine.toBytes();
        String good = new String(wire, StandardCharsets.UTF_8);
        List<String> respellings = List.of(
                good.replace("\"count\":0", "\"count\":-0"),
                good.replace("\"score\":1", "\"score\":1.0e0"),
                good.replace("\"score\":1", "\"score\":1.0"),
                good.replace("\"weight\":0.1", "\"weight\":0.10"),
                good.replace("\"weight\":0.1", "\"weight\":1e-1"),
                good.replace("\"note\":\"a/b\"", "\"note\":\"\\u0061/b\""),
                good.replace("\"note\":\"a/b\"", "\"note\":\"a\\/b\""),
                good.replace("{\"count\":0,\"note\":\"a/b\",", "{\"note\":\"a/b\",\"count\":0,"),
                good.replace("\"seq\":1,", "\"seq\": 1,"),
                good + "\n");
        for (String respelled : respellings) {
            byte[] bytes = respelled.getBytes(StandardCharsets.UTF_8);
            assertThat(respelled).isNotEqualTo(good);
            assertNotCanonicalAt(bytes, Arrays.mismatch(bytes, wire));
        }
        // Overlong UTF-8 for '/', which a lenient decoder reads as '/' itself.
        int slash = good.indexOf("a/b") + 1;
        byte[] withOverlong = new byte[wire.length + 1];
        System.arraycopy(wire, 0, withOverlong, 0, slash);
        withOverlong[slash] = (byte) 0xC0;
        withOverlong[slash + 1] = (byte) 0xAF;
        System.arraycopy(wire, slash + 1, withOverlong, slash + 2, wire.length - slash - 1);
        assertNotCanonicalAt(withOverlong, slash);
        assertThat(Envelope.parse(wire, wire.length)).isEqualTo(genuine);
    }

    private static void assertNotCanonicalAt(byte[] bytes, int offset) {
        assertThatThrownBy(() -> Envelope.parse(bytes, Envelope.DEFAULT_MAX_BYTES))
                .as(new String(bytes, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_CANONICAL);
                    assertThat(e.robotId()).contains("r-1");
                    assertThat(e.detail()).contains("at byte offset " + offset + " ");
                });
    }

    @Test
    void randomlyCorruptedInputIsEitherRefusedWithAReasonOrFailsVerification() {
        byte[] wire = Envelope.sign(
                        9,
                        1_700_000_000_100L,
                        TelemetryWindow.seal("r-1", TestReadings.readings(1, 5)),
                        KEYS.getPrivate())
                .toBytes();
        Random random = new Random(42);
        byte[] alphabet = "{}[]\":,.-+eE0123456789aAzZ\\u \u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 3000; round++) {
            byte[] mutated = mutate(wire, random, alphabet);
            Envelope parsed;
            try {
                parsed = Envelope.parse(mutated, Envelope.DEFAULT_MAX_BYTES);
            } catch (WireFormatException refused) {
                assertThat(refused.reason()).isNotNull();
                continue;
            }
            if (!java.util.Arrays.equals(
                    parsed.canonicalBytes(), Envelope.parse(wire, wire.length).canonicalBytes())) {
                assertThat(parsed.verify(KEYS.getPublic()))
                        .as(new String(mutated, StandardCharsets.UTF_8))
                        .isFalse();
            }
        }
    }

    private static byte[] mutate(byte[] wire, Random random, byte[] alphabet) {
        byte[] mutated = wire.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(mutated.length);
            switch (random.nextInt(3)) {
                case 0 -> mutated[at] = alphabet[random.nextInt(alphabet.length)];
                case 1 -> mutated = java.util.Arrays.copyOf(mutated, at);
                default -> {
                    byte[] longer = new byte[mutated.length + 1];
                    System.arraycopy(mutated, 0, longer, 0, at);
                    longer[at] = alphabet[random.nextInt(alphabet.length)];
                    System.arraycopy(mutated, at, longer, at + 1, mutated.length - at);
                    mutated = longer;
                }
            }
            if (mutated.length == 0) {
                mutated = new byte[] {'{'};
            }
        }
        return mutated;
    }

    @Test
    void refusesBadRobotIdsAndNamesThemOnceValid() {
        String good = new String(qualityCheck(1).toBytes(), StandardCharsets.UTF_8);
        assertReason(() -> parse(good.replace("\"r-1\"", "\"r/1\"")), Reason.BAD_ROBOT_ID);
        assertReason(() -> parse(good.replace("\"r-1\"", "\"" + "r".repeat(65) + "\"")), Reason.BAD_ROBOT_ID);
        assertReason(() -> parse(good.replace("\"r-1\"", "\"\"")), Reason.BAD_ROBOT_ID);
        assertThatThrownBy(() -> parse(good.replace("\"seq\":1,", "")))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.robotId()).contains("r-1"));
    }

    @Test
    void refusesAWindowWhoseReadingsDoNotMatchItsRoot() {
        TelemetryWindow window = TelemetryWindow.seal("r-1", TestReadings.readings(0, 4));
        String wire = new String(Envelope.sign(1, 2, window, KEYS.getPrivate()).toBytes(), StandardCharsets.UTF_8);
        assertReason(
                () -> parse(wire.replace("\"cycleTimeMillis\":901", "\"cycleTimeMillis\":999")), Reason.SEAL_MISMATCH);
        assertReason(() -> parse(wire.replace("\"readingCount\":4", "\"readingCount\":5")), Reason.SEAL_MISMATCH);
        assertReason(() -> parse(wire.replace("\"firstReadingSeq\":0", "\"firstReadingSeq\":1")), Reason.SEAL_MISMATCH);
    }

    @Test
    void payloadCannotBeChangedFromOutside() {
        ObjectNode payload = Json.object().put("passed", true);
        Envelope envelope = Envelope.sign("r-1", 1, 2, MessageType.QUALITY_CHECK, payload, KEYS.getPrivate());
        payload.put("passed", false);
        ((ObjectNode) envelope.payload()).put("passed", false);
        assertThat(envelope.payload().get("passed").booleanValue()).isTrue();
        assertThat(envelope.verify(KEYS.getPublic())).isTrue();
    }

    private static void assertEveryAlteredByteIsRefused(byte[] wire) {
        for (int i = 0; i < wire.length; i++) {
            byte[] tampered = wire.clone();
            tampered[i] ^= 0x01;
            Envelope parsed;
            try {
                parsed = Envelope.parse(tampered, Envelope.DEFAULT_MAX_BYTES);
            } catch (WireFormatException refusedAsMalformed) {
                continue;
            }
            assertThat(parsed.verify(KEYS.getPublic()))
                    .as("byte %d altered: %s", i, new String(tampered, StandardCharsets.UTF_8))
                    .isFalse();
        }
    }

    private static Envelope parse(String wire) {
        return Envelope.parse(wire.getBytes(StandardCharsets.UTF_8), 65536);
    }

    // The envelope a robot builds from this JSON: the constructor normalises what parse would refuse as not canonical.
    private static Envelope build(String json) {
        JsonNode root = Json.parse(json.getBytes(StandardCharsets.UTF_8));
        return new Envelope(
                root.get("robotId").textValue(),
                root.get("seq").longValue(),
                root.get("timestamp").longValue(),
                MessageType.valueOf(root.get("type").textValue()),
                root.get("payload"),
                root.get("signature").textValue());
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static Envelope qualityCheck(long seq) {
        return Envelope.sign(
                "r-1",
                seq,
                1_700_000_000_000L,
                MessageType.QUALITY_CHECK,
                Json.object().put("passed", true),
                KEYS.getPrivate());
    }
}
