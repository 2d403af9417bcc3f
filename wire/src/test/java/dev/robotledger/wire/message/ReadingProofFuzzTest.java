package dev.robotledger.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading proofs read from untrusted JSON: {@code fromJson} refuses with a {@link WireFormatException}
 * or yields a proof that survives its own JSON round trip, {@code verify} only answers true or false,
 * and only the real proofs of the signed window verify.
 */
class ReadingProofFuzzTest {

    private static final KeyPair ROBOT = EcdsaP256.generateKeyPair();
    private static final Envelope WINDOW = Envelope.sign(
            41, 1_700_000_000_350L, TelemetryWindow.seal("r-1", TestReadings.readings(100, 7)), ROBOT.getPrivate());
    private static final List<ReadingProof> REAL = realProofs();

    @FuzzTest
    void arbitraryJsonIsRefusedOrRoundTrips(byte[] json) {
        ReadingProof proof;
        try {
            proof = ReadingProof.fromJson(Json.parse(json));
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        ReadingProof reread = ReadingProof.fromJson(Json.parse(Json.canonicalBytes(proof.toJson())));

        assertThat(reread).isEqualTo(proof);
        assertThat(proof.verify(ROBOT.getPublic())).isEqualTo(REAL.contains(proof));
    }

    @FuzzTest
    void tamperedRealProofsFail(FuzzedDataProvider data) {
        ReadingProof real = REAL.get(data.consumeInt(0, REAL.size() - 1));
        byte[] json = Json.canonicalBytes(real.toJson());
        int edits = data.consumeInt(0, 6);
        for (int i = 0; i < edits; i++) {
            json[data.consumeInt(0, json.length - 1)] = data.consumeByte();
        }

        ReadingProof tampered;
        try {
            JsonNode node = Json.parse(json);
            tampered = ReadingProof.fromJson(node);
        } catch (WireFormatException refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        assertThat(tampered.verify(ROBOT.getPublic())).isEqualTo(REAL.contains(tampered));
    }

    private static List<ReadingProof> realProofs() {
        List<ReadingProof> proofs = new ArrayList<>();
        for (int i = 0; i < WINDOW.telemetryWindow().readingCount(); i++) {
            proofs.add(ReadingProof.of(WINDOW, i));
        }
        return List.copyOf(proofs);
    }
}
