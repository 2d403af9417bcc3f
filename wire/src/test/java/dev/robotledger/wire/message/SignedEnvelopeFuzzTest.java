package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.fuzz.ByteEdits;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The signature and seal check against mutated signed envelopes: whatever bytes the mutations
 * produce, an envelope verifies only if its signed content is byte-identical to what was signed.
 * The key is generated per run, so the regression inputs are mutation recipes, not envelopes.
 */
class SignedEnvelopeFuzzTest {

    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final KeyPair ROBOT = EcdsaP256.generateKeyPair();
    private static final KeyPair OTHER_ROBOT = EcdsaP256.generateKeyPair();
    private static final List<Envelope> GENUINE = List.of(
            Envelope.sign(
                    41,
                    1_700_000_000_350L,
                    TelemetryWindow.seal("r-1", TestReadings.readings(100, 5)),
                    ROBOT.getPrivate()),
            Envelope.sign(
                    "r-1", 42, 1_700_000_000_400L, MessageType.QUALITY_CHECK, qualityCheck(), ROBOT.getPrivate()));

    @FuzzTest
    void mutatedEnvelopeVerifiesOnlyWithIdenticalSignedContent(FuzzedDataProvider data) {
        Envelope original = GENUINE.get(data.consumeInt(0, GENUINE.size() - 1));
        byte[] wire = ByteEdits.apply(original.toBytes(), data);

        Envelope received;
        try {
            received = Envelope.parse(wire, Envelope.DEFAULT_MAX_BYTES);
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        boolean sameSignedContent = Arrays.equals(received.canonicalBytes(), original.canonicalBytes());
        if (received.verify(ROBOT.getPublic())) {
            assertThat(sameSignedContent)
                    .as("a verified envelope carries exactly the signed content")
                    .isTrue();
            if (received.type() == MessageType.TELEMETRY_WINDOW) {
                assertThat(received.telemetryWindow().readings())
                        .isEqualTo(original.telemetryWindow().readings());
            }
        }
        assertThat(received.verify(OTHER_ROBOT.getPublic()))
                .as("another robot's key")
                .isFalse();
    }

    @FuzzTest
    void arbitrarySignatureBytesNeverVerify(byte[] signature) {
        Envelope original = GENUINE.get(1);
        byte[] genuine = Base64.getDecoder().decode(original.signature());

        boolean verified = EcdsaP256.verify(ROBOT.getPublic(), original.canonicalBytes(), signature);

        // ECDSA is malleable: (r, n-s) verifies as well as (r, s); nothing else may.
        boolean genuineOrTwin = Arrays.equals(signature, genuine) || Arrays.equals(signature, malleableTwin(genuine));
        assertThat(verified).isEqualTo(genuineOrTwin);
    }

    private static byte[] malleableTwin(byte[] der) {
        int rLength = der[3];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, 4, 4 + rLength));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, 6 + rLength, der.length));
        byte[] rBytes = r.toByteArray();
        byte[] twinS = P256_ORDER.subtract(s).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(4 + rBytes.length + twinS.length);
        out.write(0x02);
        out.write(rBytes.length);
        out.writeBytes(rBytes);
        out.write(0x02);
        out.write(twinS.length);
        out.writeBytes(twinS);
        return out.toByteArray();
    }

    private static ObjectNode qualityCheck() {
        ObjectNode payload = Json.object();
        payload.put("passed", true);
        payload.put("productId", "p-9");
        payload.put("score", 0.97);
        return payload;
    }
}
