package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.merkle.MerkleTree;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.message.Reading;
import dev.robotledger.wire.message.ReadingProof;
import dev.robotledger.wire.message.TelemetryWindow;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real certificate of the three-level product of the gateway's tests: the chaincode's
 * GetProvenance answer, with its telemetry anchors rewritten to the root of a real batch of
 * robot-signed windows, robot records with keys generated here, and an org CA and issuer made
 * here. Nothing is committed but the tree; every key is generated per run.
 */
public final class CertificateFixture {

    static final String MSP = "ManufacturerMSP";
    static final String BATCH_ID = "batch-1";
    static final long GATEWAY_BATCH_ID = 7;
    static final String ANCHOR_TX = "tx000003";
    static final long ANCHOR_BLOCK = 5;
    static final Instant ISSUED_AT = Instant.parse("2026-03-02T12:00:00Z");
    /** A verification time inside the issuer certificate's validity, so the tests do not depend on the clock. */
    static final Instant VERIFIED_AT = Instant.parse("2026-06-01T00:00:00Z");

    static final Instant ISSUER_NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
    static final List<String> ROBOTS = List.of("r-asm", "r-weld", "r-press");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final Map<String, KeyPair> robotKeys = new LinkedHashMap<>();
    final Map<String, List<Envelope>> windows = new LinkedHashMap<>();
    final MerkleTree batch;
    final JsonNode provenance;
    final Ca ca;
    final Ca otherCa;
    final X509Certificate issuerCertificate;
    final KeyPair issuerKey;
    final ProvenanceCertificate certificate;

    /** A CA key and its self-signed certificate. */
    record Ca(KeyPair key, X509Certificate certificate) {}

    /** Public for the JMH benchmark in another package. */
    public CertificateFixture() {
        List<Digest> leaves = new ArrayList<>();
        long seq = 40;
        for (String robot : ROBOTS) {
            KeyPair key = EcdsaP256.generateKeyPair();
            robotKeys.put(robot, key);
            List<Envelope> robotWindows = new ArrayList<>();
            long readingSeq = 100;
            for (int size : new int[] {5, 3}) {
                List<Reading> readings = new ArrayList<>();
                for (int i = 0; i < size; i++, readingSeq++) {
                    readings.add(new Reading(
                            readingSeq,
                            1_772_438_400_000L + readingSeq * 1000,
                            Map.of("temp.c", 40.5 + i, "torque_nm", 12.25),
                            0.125 * i,
                            900 + i));
                }
                Envelope window = Envelope.sign(
                        seq++,
                        1_772_438_400_000L + readingSeq * 1000,
                        TelemetryWindow.seal(robot, readings),
                        key.getPrivate());
                robotWindows.add(window);
                leaves.add(MerkleTree.leafHash(window.canonicalBytes()));
            }
            windows.put(robot, robotWindows);
        }
        batch = MerkleTree.ofLeafHashes(leaves);
        provenance = provenanceWithAnchorRoot(batch.root());

        ca = ca("CN=ca.manufacturer.example,O=ManufacturerMSP");
        otherCa = ca("CN=ca.manufacturer.example,O=ManufacturerMSP");
        issuerKey = EcdsaP256.generateKeyPair();
        issuerCertificate = issue(
                ca,
                "CN=gateway.manufacturer.example,OU=client,O=ManufacturerMSP",
                issuerKey,
                Instant.parse("2026-01-01T00:00:00Z"),
                ISSUER_NOT_AFTER,
                KeyUsage.digitalSignature);
        certificate = builder().sign(MSP, issuerKey.getPrivate(), List.of(issuerCertificate));
    }

    /** A builder with the whole content of the fixture's certificate, for tests that change one input. */
    ProvenanceCertificate.Builder builder() {
        return builder(ROBOTS, Map.of());
    }

    /** The same content, with reading proofs of {@code proofRobots} only and the given robots' keys replaced. */
    ProvenanceCertificate.Builder builder(List<String> proofRobots, Map<String, java.security.PublicKey> otherKeys) {
        return builder(proofRobots, otherKeys, record -> record);
    }

    /** The same content, each ledger record as {@code recordChange} makes it (e.g. with its block's hash). */
    ProvenanceCertificate.Builder builder(
            List<String> proofRobots,
            Map<String, java.security.PublicKey> otherKeys,
            java.util.function.UnaryOperator<LedgerRecord> recordChange) {
        ProvenanceCertificate.Builder builder =
                ProvenanceCertificate.builder().provenance(provenance).issuedAt(ISSUED_AT);
        ledgerRecords().stream().map(recordChange).forEach(builder::ledgerRecord);
        builder.anchor(new AnchorRecord(
                BATCH_ID,
                batch.root(),
                GATEWAY_BATCH_ID,
                ANCHOR_TX,
                ANCHOR_BLOCK,
                Optional.of(Digest.sha256("block 5 header".getBytes(StandardCharsets.UTF_8)))));
        for (String robot : proofRobots) {
            builder.readingProof(proof(robot, 0, 2));
        }
        for (String robot : ROBOTS) {
            builder.robot(robotRecord(
                    robot,
                    KeyFiles.publicKeyPem(
                            otherKeys.getOrDefault(robot, robotKeys.get(robot).getPublic()))));
        }
        return builder;
    }

    /** One record per (good, transaction) the tree names; a production's custody step shares its transaction. */
    List<LedgerRecord> ledgerRecords() {
        Map<List<String>, LedgerRecord> records = new LinkedHashMap<>();
        for (ProvenanceTree.Node node :
                ProvenanceTree.read(provenance, "provenance").nodes()) {
            for (ProvenanceTree.TransactionRef ref : node.transactions()) {
                records.putIfAbsent(List.of(node.goodId(), ref.transactionId()), record(node, ref));
            }
        }
        return List.copyOf(records.values());
    }

    /** The inclusion proof of reading {@code reading} of window {@code window} of {@code robot}. */
    ReadingInclusionProof proof(String robot, int window, int reading) {
        int leaf = ROBOTS.indexOf(robot) * 2 + window;
        return new ReadingInclusionProof(
                ReadingProof.of(windows.get(robot).get(window), reading),
                GATEWAY_BATCH_ID,
                batch.root(),
                batch.proof(leaf),
                Optional.of(new LedgerAnchor(ANCHOR_TX, ANCHOR_BLOCK, "robotledger", "provenance")));
    }

    /** The robot's record as GetRobot answers it: the tree's summary plus where it works and its key. */
    JsonNode robotRecord(String robot, String publicKeyPem) {
        ObjectNode record = (ObjectNode) summaryOf(robot).deepCopy();
        record.put("site", "plant-1");
        record.put("line", "line-2");
        record.put("station", "st-" + robot);
        record.put("publicKeyPem", publicKeyPem);
        return record;
    }

    private JsonNode summaryOf(String robot) {
        return ProvenanceTree.read(provenance, "provenance").nodes().stream()
                .filter(node -> node.robotId().equals(robot))
                .findFirst()
                .orElseThrow()
                .robot();
    }

    /** The certificate's JSON, compact (no indentation). */
    public byte[] bytes() {
        return certificate.toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    CertificateVerification verify(ProvenanceCertificate candidate) {
        return candidate.verify(List.of(ca.certificate()), VERIFIED_AT);
    }

    CertificateVerification verify(
            ProvenanceCertificate candidate, dev.robotledger.contract.bitcoin.BitcoinHeader bitcoinHeader) {
        return candidate.verify(List.of(ca.certificate()), VERIFIED_AT, bitcoinHeader);
    }

    private static LedgerRecord record(ProvenanceTree.Node node, ProvenanceTree.TransactionRef ref) {
        ContractTransaction made =
                node.partIds().isEmpty() ? ContractTransaction.RECORD_PRODUCTION : ContractTransaction.ASSEMBLE_PRODUCT;
        ContractTransaction transaction;
        if (ref.path().contains("qualityChecks")) {
            transaction = ContractTransaction.RECORD_QUALITY_CHECK;
        } else if (ref.path().contains("custodyHistory")) {
            int index = Integer.parseInt(ref.path().replaceAll(".*custodyHistory\\[(\\d+)].*", "$1"));
            String action =
                    node.good().get("custodyHistory").get(index).get("action").textValue();
            transaction = switch (action) {
                case "PROPOSED" -> ContractTransaction.PROPOSE_TRANSFER;
                case "ACCEPTED" -> ContractTransaction.ACCEPT_TRANSFER;
                case "REJECTED" -> ContractTransaction.REJECT_TRANSFER;
                default -> made;
            };
        } else {
            transaction = made;
        }
        String function = transaction.functionName();
        // The fixture's transaction ids count up (tx000013): put each in a block of its own after the anchor's.
        long block = ANCHOR_BLOCK + Long.parseLong(ref.transactionId().substring(2));
        return new LedgerRecord(node.goodId(), function, ref.transactionId(), block, Optional.empty());
    }

    private static JsonNode provenanceWithAnchorRoot(Digest root) {
        try (InputStream in = CertificateFixture.class.getResourceAsStream("three-level-product.json")) {
            JsonNode tree = MAPPER.readTree(in);
            rewriteAnchors(tree.get("tree"), root);
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The committed tree names a placeholder root; the certificate needs the root of the batch made here.
    private static void rewriteAnchors(JsonNode node, Digest root) {
        ((ObjectNode) node.get("good").get("production").get("telemetryAnchor")).put("merkleRoot", root.hex());
        node.get("parts").forEach(part -> rewriteAnchors(part, root));
    }

    static Ca ca(String name) {
        KeyPair key = EcdsaP256.generateKeyPair();
        X509Certificate certificate = certificate(
                new X500Name(name),
                key,
                new X500Name(name),
                key,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2036-01-01T00:00:00Z"),
                true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
        return new Ca(key, certificate);
    }

    static X509Certificate issue(
            Ca ca, String subject, KeyPair key, Instant notBefore, Instant notAfter, int keyUsage) {
        return certificate(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                ca.key(),
                new X500Name(subject),
                key,
                notBefore,
                notAfter,
                false,
                keyUsage);
    }

    private static X509Certificate certificate(
            X500Name issuer,
            KeyPair issuerKey,
            X500Name subject,
            KeyPair subjectKey,
            Instant notBefore,
            Instant notAfter,
            boolean isCa,
            int keyUsage) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder(EcdsaP256.ALGORITHM).build(issuerKey.getPrivate())));
        } catch (IOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("making a test certificate failed", e);
        }
    }
}
