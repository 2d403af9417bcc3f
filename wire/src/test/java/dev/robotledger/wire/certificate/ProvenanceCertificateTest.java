package dev.robotledger.wire.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.wire.certificate.CertificateCheck.Step;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.message.CanonicalJson;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class ProvenanceCertificateTest {

    private static final CertificateFixture FIXTURE = new CertificateFixture();
    private static final String PRODUCT = "urn:epc:id:sgtin:0614141.107346.9000";

    @Test
    void genuineCertificateVerifiesAndSurvivesItsJsonForms() {
        ProvenanceCertificate compact = ProvenanceCertificate.parse(FIXTURE.bytes());
        ProvenanceCertificate indented = ProvenanceCertificate.parse(FIXTURE.certificate.toJsonBytes());

        CertificateVerification result = FIXTURE.verify(indented);

        assertThat(result.failures()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(compact.toJson()).isEqualTo(FIXTURE.certificate.toJson()).isEqualTo(indented.toJson());
        assertThat(result.checks(Step.PRODUCTION_COVERED)).hasSize(8).allMatch(c -> c.outcome() == Outcome.PASSED);
        assertThat(result.checks(Step.LEDGER_RECORDS)).hasSize(9);
        assertThat(result.checks(Step.ROBOT_KEY))
                .extracting(CertificateCheck::element)
                .containsExactly("robot r-asm", "robot r-weld", "robot r-press");
        assertThat(result.checks(Step.READING_PROOF)).hasSize(3);
        // The fixture has no Bitcoin anchor: its block is ABSENT, the anchor's own checks do not run.
        assertThat(result.checks())
                .extracting(CertificateCheck::step)
                .contains(java.util.Arrays.stream(Step.values())
                        .filter(step -> step != Step.FABRIC_HEADER_CHAIN && step != Step.BITCOIN_TRANSACTION)
                        .toArray(Step[]::new));
    }

    @Test
    void everyAlteredByteIsRefusedOrFailsACheck() {
        byte[] original = FIXTURE.bytes();
        List<String> unnoticed = new ArrayList<>();
        int refused = 0;
        int failed = 0;
        for (int i = 0; i < original.length; i++) {
            byte[] altered = original.clone();
            altered[i] = alter(original[i]);
            ProvenanceCertificate certificate;
            try {
                certificate = ProvenanceCertificate.parse(altered);
            } catch (IllegalArgumentException refusal) {
                refused++;
                continue;
            }
            if (FIXTURE.verify(certificate).valid()) {
                unnoticed.add("byte " + i + " ('" + (char) original[i] + "' -> '" + (char) altered[i] + "') in ..."
                        + new String(
                                original,
                                Math.max(0, i - 40),
                                Math.min(80, original.length - Math.max(0, i - 40)),
                                StandardCharsets.UTF_8)
                        + "...");
            } else {
                failed++;
            }
        }
        assertThat(unnoticed).isEmpty();
        assertThat(refused + failed).isEqualTo(original.length);
        // Most bytes are content: they must reach the checks rather than all be refused as malformed.
        assertThat(failed).isGreaterThan(original.length / 2);
    }

    @Test
    void alteredStationNameInTheTreeNamesTheGood() {
        CertificateVerification result =
                tampered(json -> production(json, "tree", "parts", 0).put("station", "st-x"));

        assertThat(result.failures()).singleElement().satisfies(check -> {
            assertThat(check.step()).isEqualTo(Step.SECTION_DIGEST);
            assertThat(check.element()).isEqualTo("provenance");
            assertThat(check.detail()).isEqualTo("good frame-S1 (provenance.tree.parts[0].good) was altered");
        });
    }

    @Test
    void alteredTreeOutsideTheGoodsIsNamedAsTheTreesStructure() {
        CertificateVerification result =
                tampered(json -> ((ObjectNode) node(json, "tree", "parts", 0).get("robot")).put("model", "UR5e"));

        assertThat(failed(result)).containsExactly("section digest [provenance]", "robot key [robot r-weld]");
        assertThat(result.failures().get(0).detail()).startsWith("the tree outside its goods' records");
        assertThat(result.failures().get(1).detail())
                .isEqualTo(
                        "provenance.tree.parts[0].robot shows model \"UR5e\", the bundle's record of robot r-weld has \"UR10e\"");
    }

    @Test
    void replacedRobotKeyNamesTheRobotAndFailsItsProofs() {
        String otherKey = KeyFiles.publicKeyPem(EcdsaP256.generateKeyPair().getPublic());
        CertificateVerification result =
                tampered(json -> ((ObjectNode) json.get("robots").get(1)).put("publicKeyPem", otherKey));

        assertThat(failed(result))
                .containsExactly(
                        "section digest [robots]",
                        "reading proof [readingProofs[1]]",
                        "production covered [good frame-S1]",
                        "production covered [good frame-S2]",
                        "production covered [good bolt-7]",
                        "production covered [good bolt-8]",
                        "production covered [good cover-3]");
        assertThat(result.failures().get(0).detail()).isEqualTo("robots[1] (robot r-weld) was altered");
        assertThat(result.failures().get(1).detail())
                .contains("reading 102 of robot r-weld", "window signature (robot key): FAILED");
    }

    @Test
    void alteredTransactionIdNamesTheRecordAndTheEventLeftWithoutOne() {
        CertificateVerification result =
                tampered(json -> record(json, "frame-S1", "tx000010").put("transactionId", "tx000099"));

        assertThat(failed(result))
                .containsExactly(
                        "section digest [ledgerRecords]",
                        "ledger records [good frame-S1]",
                        "ledger records [ledgerRecords]");
        assertThat(result.failures().get(0).detail())
                .matches("ledgerRecords\\[\\d+] \\(transaction tx000099 of frame-S1\\) was altered");
        assertThat(result.failures().get(1).detail())
                .contains("transaction tx000010 (provenance.tree.parts[0].good.", "is not listed");
        assertThat(result.failures().get(2).detail())
                .contains("(transaction tx000099 of frame-S1) is named by no event");
    }

    @Test
    void alteredBlockNumberNamesTheRecord() {
        CertificateVerification result =
                tampered(json -> record(json, "bolt-7", "tx000006").put("blockNumber", 12));

        assertThat(failed(result)).containsExactly("section digest [ledgerRecords]");
        assertThat(result.failures().get(0).detail())
                .matches("ledgerRecords\\[\\d+] \\(transaction tx000006 of bolt-7\\) was altered");
    }

    @Test
    void alteredProofPathHashNamesTheProofAndItsBatchPath() {
        String otherHash = FIXTURE.batch.root().hex();
        CertificateVerification result = tampered(json ->
                ((ArrayNode) json.get("readingProofs").get(2).get("batch").get("path")).set(0, otherHash));

        assertThat(failed(result))
                .containsExactly(
                        "section digest [readingProofs]",
                        "reading proof [readingProofs[2]]",
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1001]",
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1002]");
        assertThat(result.failures().get(0).detail())
                .isEqualTo("readingProofs[2] (reading 102 of robot r-press (window r-press/44)) was altered");
        assertThat(result.failures().get(1).detail()).contains("batch path (anchor tree): FAILED");
    }

    @Test
    void alteredManifestFailsTheSignatureAndNamesTheElementItNoLongerMatches() {
        String otherDigest = FIXTURE.batch.root().hex();
        CertificateVerification result =
                tampered(json -> ((ArrayNode) json.get("issuer").get("manifest").get("anchors")).set(0, otherDigest));

        assertThat(failed(result))
                .containsExactly("issuer signature [issuer ManufacturerMSP]", "section digest [anchors]");
        assertThat(result.failures().get(0).detail()).startsWith("the signature does not verify under the key of");
        assertThat(result.failures().get(1).detail()).isEqualTo("anchors[0] (batch batch-1) was altered");
    }

    @Test
    void alteredSignatureFailsOnlyTheSignature() {
        byte[] foreign = EcdsaP256.sign(EcdsaP256.generateKeyPair().getPrivate(), FIXTURE.certificate.signedBytes());
        CertificateVerification result = tampered(json -> ((ObjectNode) json.get("issuer"))
                .put("signature", Base64.getEncoder().encodeToString(foreign)));

        assertThat(failed(result)).containsExactly("issuer signature [issuer ManufacturerMSP]");
    }

    @Test
    void alteredIssuingTimeOrGoodIdFailsTheSignature() {
        CertificateVerification time = tampered(json ->
                ((ObjectNode) json).put("issuedAtEpochMillis", CertificateFixture.ISSUED_AT.toEpochMilli() + 1));
        CertificateVerification good = tampered(json -> ((ObjectNode) json).put("goodId", "frame-S1"));

        assertThat(failed(time)).containsExactly("issuer signature [issuer ManufacturerMSP]");
        assertThat(failed(good))
                .containsExactly("issuer signature [issuer ManufacturerMSP]", "provenance tree [frame-S1]");
        assertThat(good.checks(Step.PROVENANCE_TREE).get(0).detail())
                .isEqualTo("the tree is the answer for good " + PRODUCT + ", the certificate is of frame-S1");
    }

    @Test
    void certificateChainFromAnotherCaFailsTheChainTheSignatureAndTheChainDigest() {
        KeyPair key = EcdsaP256.generateKeyPair();
        X509Certificate impostor = CertificateFixture.issue(
                FIXTURE.otherCa,
                "CN=gateway.manufacturer.example,OU=client,O=ManufacturerMSP",
                key,
                Instant.parse("2026-01-01T00:00:00Z"),
                CertificateFixture.ISSUER_NOT_AFTER,
                KeyUsage.digitalSignature);
        CertificateVerification result = tampered(json ->
                ((ArrayNode) json.get("issuer").get("certificateChain")).set(0, CertificatePem.encode(impostor)));

        assertThat(failed(result))
                .containsExactly(
                        "issuer chain [issuer ManufacturerMSP]",
                        "issuer signature [issuer ManufacturerMSP]",
                        "section digest [issuer.certificateChain]");
        assertThat(result.failures().get(0).detail()).contains("does not lead to a trusted CA");
    }

    @Test
    void untrustedCaFailsOnlyTheChain() {
        CertificateVerification result =
                FIXTURE.certificate.verify(List.of(FIXTURE.otherCa.certificate()), CertificateFixture.VERIFIED_AT);

        assertThat(failed(result)).containsExactly("issuer chain [issuer ManufacturerMSP]");
        assertThat(result.failures().get(0).detail())
                .contains(
                        "O=ManufacturerMSP,OU=client,CN=gateway.manufacturer.example", "does not lead to a trusted CA");
        assertThat(FIXTURE.certificate
                        .verify(List.of(), CertificateFixture.VERIFIED_AT)
                        .failures()
                        .get(0)
                        .detail())
                .isEqualTo("no trusted CA was given");
    }

    @Test
    void issuerCertificateExpiredAtTheVerificationTimeFailsTheChain() {
        Instant afterExpiry = Instant.parse("2027-06-01T00:00:00Z");

        CertificateVerification result = FIXTURE.certificate.verify(List.of(FIXTURE.ca.certificate()), afterExpiry);

        assertThat(failed(result)).containsExactly("issuer chain [issuer ManufacturerMSP]");
        assertThat(result.failures().get(0).detail())
                .startsWith("the issuer certificate "
                        + "O=ManufacturerMSP,OU=client,CN=gateway.manufacturer.example expired at 2027-01-01T00:00:00Z "
                        + "(verification time 2027-06-01T00:00:00Z)");
        // The same certificate, checked at a time the verifier trusts from elsewhere, still verifies.
        assertThat(FIXTURE.certificate
                        .verify(List.of(FIXTURE.ca.certificate()), CertificateFixture.ISSUED_AT)
                        .valid())
                .isTrue();
    }

    @Test
    void certificateIssuedOutsideTheIssuersValidityOrInTheFutureFailsTheChain() {
        ProvenanceCertificate late = FIXTURE.builder()
                .issuedAt(Instant.parse("2027-02-01T00:00:00Z"))
                .sign(CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification outside =
                late.verify(List.of(FIXTURE.ca.certificate()), CertificateFixture.VERIFIED_AT);

        assertThat(failed(outside)).containsExactly("issuer chain [issuer ManufacturerMSP]");
        assertThat(outside.failures().get(0).detail())
                .contains(
                        "issued at 2027-02-01T00:00:00Z, outside the issuer certificate's validity 2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z",
                        "issued at 2027-02-01T00:00:00Z, after the verification time 2026-06-01T00:00:00Z");
    }

    @Test
    void issuerCertificateWithoutDigitalSignatureUsageFailsTheChain() {
        KeyPair key = EcdsaP256.generateKeyPair();
        X509Certificate encipherOnly = CertificateFixture.issue(
                FIXTURE.ca,
                "CN=other,O=ManufacturerMSP",
                key,
                Instant.parse("2026-01-01T00:00:00Z"),
                CertificateFixture.ISSUER_NOT_AFTER,
                KeyUsage.keyAgreement);
        ProvenanceCertificate certificate =
                FIXTURE.builder().sign(CertificateFixture.MSP, key.getPrivate(), List.of(encipherOnly));

        assertThat(failed(FIXTURE.verify(certificate))).containsExactly("issuer chain [issuer ManufacturerMSP]");
        assertThat(FIXTURE.verify(certificate).failures().get(0).detail())
                .contains("does not allow digital signatures");
    }

    @Test
    void missingProofOfARobotFailsTheCoverageOfTheGoodsItMade() {
        ProvenanceCertificate certificate = FIXTURE.builder(List.of("r-asm", "r-weld"), Map.of())
                .sign(CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification result = FIXTURE.verify(certificate);

        assertThat(failed(result))
                .containsExactly(
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1001]",
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1002]");
        assertThat(result.failures().get(0).detail())
                .isEqualTo(
                        "no verified reading proof of robot r-press under batch batch-1 (root " + FIXTURE.batch.root()
                                + "), which the ledger names for the production of urn:epc:id:sgtin:0614141.107346.1001");
    }

    @Test
    void signedRobotKeyThatDidNotSignTheWindowsFailsTheProofAndTheCoverage() {
        ProvenanceCertificate certificate = FIXTURE.builder(
                        CertificateFixture.ROBOTS,
                        Map.of("r-asm", EcdsaP256.generateKeyPair().getPublic()))
                .sign(CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification result = FIXTURE.verify(certificate);

        assertThat(failed(result))
                .containsExactly("reading proof [readingProofs[0]]", "production covered [good " + PRODUCT + "]");
        assertThat(result.failures().get(0).detail())
                .contains("the signature of window r-asm/40 does not verify under the given key");
    }

    @Test
    void robotRecordThatDisagreesWithTheTreeOrIsMissingFailsTheRobotKey() {
        ProvenanceCertificate.Builder builder =
                ProvenanceCertificate.builder().provenance(FIXTURE.provenance).issuedAt(CertificateFixture.ISSUED_AT);
        FIXTURE.ledgerRecords().forEach(builder::ledgerRecord);
        FIXTURE.certificate.anchors().forEach(builder::anchor);
        FIXTURE.certificate.readingProofs().forEach(builder::readingProof);
        ObjectNode revoked = (ObjectNode) FIXTURE.robotRecord(
                "r-asm", KeyFiles.publicKeyPem(FIXTURE.robotKeys.get("r-asm").getPublic()));
        revoked.put("status", "REVOKED");
        builder.robot(revoked)
                .robot(FIXTURE.robotRecord(
                        "r-weld",
                        KeyFiles.publicKeyPem(FIXTURE.robotKeys.get("r-weld").getPublic())));
        ProvenanceCertificate certificate = builder.sign(
                CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification result = FIXTURE.verify(certificate);

        assertThat(failed(result))
                .containsExactly(
                        "robot key [robot r-asm]",
                        "robot key [robot r-press]",
                        "reading proof [readingProofs[2]]",
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1001]",
                        "production covered [good urn:epc:id:sgtin:0614141.107346.1002]");
        assertThat(result.failures().get(0).detail())
                .isEqualTo(
                        "provenance.tree.robot shows status \"ACTIVE\", the bundle's record of robot r-asm has \"REVOKED\"");
        assertThat(result.failures().get(1).detail())
                .isEqualTo("robot r-press made [urn:epc:id:sgtin:0614141.107346.1001, "
                        + "urn:epc:id:sgtin:0614141.107346.1002] but the bundle has no record (no key) of it");
        assertThat(result.failures().get(2).detail()).endsWith(": the bundle has no key of robot r-press");
    }

    @Test
    void missingLedgerRecordOrAnchorIsNamed() {
        ProvenanceCertificate.Builder builder =
                ProvenanceCertificate.builder().provenance(FIXTURE.provenance).issuedAt(CertificateFixture.ISSUED_AT);
        FIXTURE.ledgerRecords().stream()
                .filter(record -> !record.transactionId().equals("tx000018"))
                .forEach(builder::ledgerRecord);
        FIXTURE.certificate.readingProofs().forEach(builder::readingProof);
        CertificateFixture.ROBOTS.forEach(robot -> builder.robot(FIXTURE.robotRecord(
                robot, KeyFiles.publicKeyPem(FIXTURE.robotKeys.get(robot).getPublic()))));
        ProvenanceCertificate certificate = builder.sign(
                CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification result = FIXTURE.verify(certificate);

        assertThat(failed(result))
                .contains(
                        "ledger records [good " + PRODUCT + "]",
                        "anchor listed [batch batch-1]",
                        "proof anchor [readingProofs[0]]");
        assertThat(result.checks(Step.LEDGER_RECORDS).get(0).detail())
                .isEqualTo("transaction tx000018 (provenance.tree.good.custodyHistory[4].txId) is not listed");
        assertThat(result.checks(Step.ANCHOR_LISTED).get(0).detail())
                .isEqualTo("the tree names batch batch-1 (root " + FIXTURE.batch.root() + "), which is not listed");
        assertThat(result.checks(Step.PROOF_ANCHOR).get(0).detail())
                .endsWith("is under gateway batch 7, which no listed anchor is");
    }

    @Test
    void goodWithoutTelemetryAnchorIsReportedAbsentNotFailed() {
        ObjectNode provenance = FIXTURE.provenance.deepCopy();
        ((ObjectNode) node(provenance, "tree", "parts", 2).get("good").get("production")).remove("telemetryAnchor");
        ProvenanceCertificate certificate = FIXTURE.builder()
                .provenance(provenance)
                .sign(CertificateFixture.MSP, FIXTURE.issuerKey.getPrivate(), List.of(FIXTURE.issuerCertificate));

        CertificateVerification result = FIXTURE.verify(certificate);

        assertThat(result.valid()).isTrue();
        assertThat(result.checks(Step.PRODUCTION_COVERED))
                .filteredOn(c -> c.outcome() == Outcome.ABSENT)
                .singleElement()
                .extracting(CertificateCheck::detail)
                .isEqualTo("the ledger names no telemetry batch for the production of cover-3 by robot r-weld");
    }

    @Test
    void malformedCertificatesAreRefusedNamingTheField() {
        ObjectNode extra = (ObjectNode) FIXTURE.certificate.toJson();
        extra.put("note", "trust me");
        ObjectNode badRecord = (ObjectNode) FIXTURE.certificate.toJson();
        ((ObjectNode) badRecord.get("ledgerRecords").get(3)).remove("blockNumber");
        ObjectNode badVersion = (ObjectNode) FIXTURE.certificate.toJson();
        badVersion.put("format", "robotledger.provenance-certificate.v2");
        ObjectNode badTree = (ObjectNode) FIXTURE.certificate.toJson();
        production(badTree.get("provenance"), "tree", "parts", 1).remove("robotId");
        ObjectNode badSignature = (ObjectNode) FIXTURE.certificate.toJson();
        ((ObjectNode) badSignature.get("issuer")).put("signature", "not base64!");
        String json = new String(FIXTURE.bytes(), StandardCharsets.UTF_8);
        String duplicate = json.replaceFirst("\"goodId\":", "\"goodId\":\"x\",\"goodId\":");

        assertRefused(extra, "certificate has unknown field 'note'");
        assertRefused(badRecord, "certificate field 'ledgerRecords[3].blockNumber' is missing");
        assertRefused(badVersion, "certificate field 'format' must be 'robotledger.provenance-certificate.v1'");
        assertRefused(badTree, "certificate field 'provenance.tree.parts[1].good.production.robotId' is missing");
        assertRefused(badSignature, "certificate field 'issuer.signature' is not base64");
        assertThatThrownBy(() -> ProvenanceCertificate.parse(duplicate.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("Duplicate field 'goodId'");
        assertThatThrownBy(() -> ProvenanceCertificate.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("'format' is missing");
    }

    @Test
    void certificatePemInAnotherSpellingIsRefused() {
        ObjectNode json = (ObjectNode) FIXTURE.certificate.toJson();
        ArrayNode chain = (ArrayNode) json.get("issuer").get("certificateChain");
        chain.set(0, chain.get(0).textValue().replace("\n-----END", "\n\n-----END"));

        assertRefused(json, "certificate field 'issuer.certificateChain[0]' is not in canonical PEM form");
    }

    @Test
    void builderRefusesAKeyThatIsNotTheIssuerCertificates() {
        assertThatThrownBy(() -> FIXTURE.builder()
                        .sign(
                                CertificateFixture.MSP,
                                EcdsaP256.generateKeyPair().getPrivate(),
                                List.of(FIXTURE.issuerCertificate)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the key of the issuer's certificate");
    }

    @Test
    void signedBytesAreTheCanonicalHeaderAndManifest() {
        JsonNode signed = CanonicalJson.parse(FIXTURE.certificate.signedBytes());

        assertThat(signed.get("goodId").textValue()).isEqualTo(PRODUCT);
        assertThat(signed.get("issuerMspId").textValue()).isEqualTo("ManufacturerMSP");
        assertThat(signed.get("manifest"))
                .isEqualTo(FIXTURE.certificate.toJson().get("issuer").get("manifest"));
        assertThat(CanonicalJson.bytes("signed", signed)).isEqualTo(FIXTURE.certificate.signedBytes());
    }

    private static void assertRefused(JsonNode json, String message) {
        assertThatThrownBy(() -> ProvenanceCertificate.fromJson(json))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining(message);
    }

    private static CertificateVerification tampered(Consumer<JsonNode> change) {
        JsonNode json = FIXTURE.certificate.toJson();
        change.accept(json);
        assertThat(json).isNotEqualTo(FIXTURE.certificate.toJson());
        return FIXTURE.verify(ProvenanceCertificate.fromJson(json));
    }

    private static List<String> failed(CertificateVerification result) {
        return result.failures().stream()
                .map(check -> check.step().label() + " [" + check.element() + "]")
                .toList();
    }

    /** The node at {@code path} below the provenance answer: "tree", then "parts", index, ... */
    private static JsonNode node(JsonNode provenance, Object... path) {
        JsonNode node = provenance.has("provenance") ? provenance.get("provenance") : provenance;
        for (Object step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    private static ObjectNode production(JsonNode json, Object... path) {
        return (ObjectNode) node(json, path).get("good").get("production");
    }

    private static ObjectNode record(JsonNode json, String entityId, String transactionId) {
        for (JsonNode record : json.get("ledgerRecords")) {
            if (record.get("entityId").textValue().equals(entityId)
                    && record.get("transactionId").textValue().equals(transactionId)) {
                return (ObjectNode) record;
            }
        }
        throw new AssertionError("no record of " + transactionId + " of " + entityId);
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
}
