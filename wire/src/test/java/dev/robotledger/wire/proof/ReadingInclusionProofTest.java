package dev.robotledger.wire.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.InclusionProof;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import dev.robotledger.wire.proof.ProofCheck.Step;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReadingInclusionProofTest {

    private static final ProofFixture FIXTURE = new ProofFixture(EcdsaP256.generateKeyPair(), "r-1", 5, 7, 1, 16, 3);

    @Test
    void everyReadingOfEveryWindowVerifiesAndSurvivesItsJsonForm() {
        int proofs = 0;
        for (int window = 0; window < FIXTURE.windows.size(); window++) {
            int readings = FIXTURE.windows.get(window).telemetryWindow().readingCount();
            for (int reading = 0; reading < readings; reading++) {
                ReadingInclusionProof proof = FIXTURE.proof(window, reading);
                ReadingInclusionProof parsed = ReadingInclusionProof.parse(proof.toJsonBytes());
                assertThat(parsed).isEqualTo(proof);
                ProofVerification result = parsed.verify(FIXTURE.robotKey.getPublic());
                assertThat(result.cryptographicallyValid())
                        .as("window %d reading %d: %s", window, reading, result)
                        .isTrue();
                assertThat(result.checks()).extracting(ProofCheck::step).containsExactly(Step.values());
                proofs++;
            }
        }
        assertThat(proofs).isEqualTo(5 + 7 + 1 + 16 + 3);
    }

    @Test
    void batchLeafIsTheWindowHeaderTheRobotSigned() {
        assertThat(FIXTURE.proof(1, 3).windowHeaderBytes())
                .isEqualTo(FIXTURE.windows.get(1).canonicalBytes());
    }

    @Test
    void missingAnchorIsReportedAsNotYetAnchoredWithoutFailing() {
        ProofVerification result = FIXTURE.proof(0, 0).verify(FIXTURE.robotKey.getPublic());

        assertThat(result.anchorPresent()).isFalse();
        assertThat(result.failures()).isEmpty();
        assertThat(result.check(Step.LEDGER_ANCHOR).orElseThrow())
                .isEqualTo(new ProofCheck(
                        Step.LEDGER_ANCHOR,
                        Outcome.ABSENT,
                        "not yet (batch " + ProofFixture.BATCH_ID + " pending submission)"));
        assertThat(new String(FIXTURE.proof(0, 0).toJsonBytes(), StandardCharsets.UTF_8))
                .contains("\"anchor\" : null");
    }

    @Test
    void recordedAnchorIsReportedAndRoundTrips() {
        LedgerAnchor anchor = new LedgerAnchor("a1b2c3", 42, "robotledger", "provenance");
        ReadingInclusionProof proof = FIXTURE.proof(3, 9, Optional.of(anchor));

        ReadingInclusionProof parsed = ReadingInclusionProof.parse(proof.toJsonBytes());
        ProofVerification result = parsed.verify(FIXTURE.robotKey.getPublic());

        assertThat(parsed.anchor()).contains(anchor);
        assertThat(result.anchorPresent()).isTrue();
        assertThat(result.check(Step.LEDGER_ANCHOR).orElseThrow().detail())
                .contains("transaction a1b2c3 in block 42 on channel robotledger, chaincode provenance");
    }

    @Test
    void anotherRobotsKeyFailsOnlyTheSignature() {
        ProofVerification result =
                FIXTURE.proof(2, 0).verify(EcdsaP256.generateKeyPair().getPublic());

        assertThat(failedSteps(result)).containsExactly(Step.WINDOW_SIGNATURE);
        assertThat(result.cryptographicallyValid()).isFalse();
        assertThat(result.failures().get(0).detail()).contains("window r-1/42", "does not verify under the given key");
    }

    @Test
    void alteredReadingFailsTheReadingPath() {
        ProofVerification result =
                tampered(json -> reading(json).withObjectProperty("sensors").put("temp.c", 99.5));

        assertThat(failedSteps(result)).containsExactly(Step.READING_PATH);
        assertThat(result.failures().get(0).detail())
                .contains("reading 106 of robot r-1 at leaf 1", "not to the signed root of window r-1/41");
    }

    @Test
    void readingClaimingAnotherPositionFailsTheReadingPath() {
        ProofVerification result = tampered(json -> readingProof(json).put("leafIndex", 2));

        assertThat(failedSteps(result)).containsExactly(Step.READING_PATH);
        assertThat(result.failures().get(0).detail()).contains("reading 106 of robot r-1 must be leaf 1");
    }

    @Test
    void alteredWindowHeaderFailsSignatureAndBatchPath() {
        ProofVerification result = tampered(json -> readingProof(json).put("timestamp", 1_700_000_100_999L));

        assertThat(failedSteps(result)).containsExactly(Step.WINDOW_SIGNATURE, Step.BATCH_PATH);
    }

    @Test
    void anotherWindowsSignatureFailsTheSignature() {
        String otherSignature = FIXTURE.windows.get(0).signature();
        ProofVerification result = tampered(json -> readingProof(json).put("signature", otherSignature));

        assertThat(failedSteps(result)).containsExactly(Step.WINDOW_SIGNATURE);
    }

    @Test
    void alteredBatchRootOrPathFailsTheBatchPath() {
        String otherRoot = FIXTURE.proof(0, 0).readingProof().merkleRoot().hex();
        ProofVerification root = tampered(json -> batch(json).put("root", otherRoot));
        ProofVerification path = tampered(json -> ((ArrayNode) batch(json).get("path")).set(0, otherRoot));
        ProofVerification index = tampered(json -> batch(json).put("leafIndex", 2));
        ProofVerification count = tampered(json -> batch(json).put("leafCount", 4));

        for (ProofVerification result : new ProofVerification[] {root, path, index, count}) {
            assertThat(failedSteps(result)).containsExactly(Step.BATCH_PATH);
        }
        assertThat(root.failures().get(0).detail())
                .contains("the header of window r-1/41 at leaf 1 of 5", "not to the root of batch 7 " + otherRoot);
    }

    @Test
    void everyAlteredByteIsRefusedOrFailsACryptographicCheckUnlessItOnlyChangesLedgerCheckedFields() {
        ReadingInclusionProof genuine = FIXTURE.proof(3, 11);
        byte[] original = genuine.toJson().toString().getBytes(StandardCharsets.UTF_8);
        String text = new String(original, StandardCharsets.UTF_8);
        int refused = 0;
        int failed = 0;
        int ledgerChecked = 0;
        for (int i = 0; i < original.length; i++) {
            byte[] altered = original.clone();
            altered[i] = alter(original[i]);
            ReadingInclusionProof proof;
            try {
                proof = ReadingInclusionProof.parse(altered);
            } catch (IllegalArgumentException refusal) {
                refused++;
                continue;
            }
            ProofVerification result = proof.verify(FIXTURE.robotKey.getPublic());
            if (result.cryptographicallyValid() && sameExceptBatchIdAndSize(proof, genuine)) {
                // The batch id names the ledger's anchor record, which holds the root; an RFC 6962
                // path proves a position under a root, and several tree sizes share a path's shape.
                ledgerChecked++;
                continue;
            }
            assertThat(result.cryptographicallyValid())
                    .as("byte %d ('%s' -> '%s') of %s", i, (char) original[i], (char) altered[i], text)
                    .isFalse();
            failed++;
        }
        assertThat(refused + failed + ledgerChecked).isEqualTo(original.length);
        assertThat(ledgerChecked).isLessThanOrEqualTo(2);
        assertThat(failed).isGreaterThan(100);
    }

    @Test
    void malformedProofsAreRefusedNamingTheField() {
        ObjectNode json = FIXTURE.proof(0, 1).toJson();
        batch(json).put("root", FIXTURE.batchTree.root().hex().toUpperCase());
        ObjectNode extra = FIXTURE.proof(0, 1).toJson();
        extra.put("note", "trust me");
        ObjectNode badAnchor = FIXTURE.proof(0, 1).toJson();
        badAnchor.putObject("anchor").put("transactionId", "tx");

        assertThatThrownBy(() -> ReadingInclusionProof.fromJson(json))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("batch.root");
        assertThatThrownBy(() -> ReadingInclusionProof.fromJson(extra))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown field 'note'");
        assertThatThrownBy(() -> ReadingInclusionProof.fromJson(badAnchor))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("'blockNumber' is missing");
        assertThatThrownBy(() -> ReadingInclusionProof.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("'readingProof' is missing");
    }

    private static boolean sameExceptBatchIdAndSize(ReadingInclusionProof altered, ReadingInclusionProof genuine) {
        InclusionProof path = altered.batchInclusion();
        return new ReadingInclusionProof(
                        altered.readingProof(),
                        genuine.batchId(),
                        altered.batchRoot(),
                        new InclusionProof(
                                path.leafIndex(), genuine.batchInclusion().leafCount(), path.path()),
                        altered.anchor())
                .equals(genuine);
    }

    // A byte that differs and stays printable: digits and hex letters move to another digit or letter.
    private static byte alter(byte b) {
        if (b >= '0' && b <= '8' || b >= 'a' && b <= 'e') {
            return (byte) (b + 1);
        }
        if (b == '9') {
            return '0';
        }
        return (byte) (b ^ 0x01);
    }

    private static ProofVerification tampered(Consumer<ObjectNode> change) {
        ObjectNode json = FIXTURE.proof(1, 1).toJson();
        change.accept(json);
        return ReadingInclusionProof.fromJson(json).verify(FIXTURE.robotKey.getPublic());
    }

    private static Set<Step> failedSteps(ProofVerification result) {
        Set<Step> steps = EnumSet.noneOf(Step.class);
        result.failures().forEach(check -> steps.add(check.step()));
        return steps;
    }

    private static ObjectNode readingProof(ObjectNode json) {
        return (ObjectNode) json.get("readingProof");
    }

    private static ObjectNode reading(ObjectNode json) {
        return (ObjectNode) readingProof(json).get("reading");
    }

    private static ObjectNode batch(ObjectNode json) {
        return (ObjectNode) json.get("batch");
    }
}
