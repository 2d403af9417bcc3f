package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import dev.robotledger.contract.bitcoin.LedgerAnchorScript;
import dev.robotledger.wire.certificate.CertificateCheck.Step;
import dev.robotledger.wire.certificate.ProvenanceTree.Node;
import dev.robotledger.wire.certificate.ProvenanceTree.TelemetryRef;
import dev.robotledger.wire.certificate.ProvenanceTree.TransactionRef;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.proof.ProofCheck;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import dev.robotledger.wire.proof.ProofVerification;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** The checks of {@link ProvenanceCertificate#verify}, in the order README.md lists them. */
final class CertificateVerifier {

    /** How far the issuing time may lie after the verification time: clocks of two machines differ. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final ProvenanceCertificate certificate;
    private final List<CertificateCheck> checks = new ArrayList<>();

    private CertificateVerifier(ProvenanceCertificate certificate) {
        this.certificate = certificate;
    }

    static CertificateVerification verify(
            ProvenanceCertificate certificate,
            Collection<X509Certificate> trustedCas,
            Instant at,
            Optional<BitcoinHeader> bitcoinHeader) {
        Objects.requireNonNull(at, "verification time");
        CertificateVerifier verifier = new CertificateVerifier(certificate);
        verifier.issuerChain(trustedCas, at);
        verifier.issuerSignature();
        verifier.sectionDigests();
        verifier.provenanceTree();
        verifier.robotKeys();
        Set<Integer> verifiedProofs = verifier.readingProofs();
        verifier.productionCovered(verifiedProofs);
        verifier.ledgerRecords();
        verifier.anchorsListed();
        verifier.bitcoinAnchor(bitcoinHeader);
        return new CertificateVerification(verifier.checks);
    }

    private void pass(Step step, String element, String detail) {
        checks.add(new CertificateCheck(step, element, Outcome.PASSED, detail));
    }

    private void fail(Step step, String element, String detail) {
        checks.add(new CertificateCheck(step, element, Outcome.FAILED, detail));
    }

    private void issuerChain(Collection<X509Certificate> trustedCas, Instant at) {
        Issuer issuer = certificate.issuer();
        X509Certificate leaf = issuer.certificate();
        String subject = leaf.getSubjectX500Principal().getName();
        String element = "issuer " + issuer.mspId();
        List<String> problems = new ArrayList<>();
        try {
            leaf.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            problems.add("the issuer certificate " + subject + " expired at "
                    + leaf.getNotAfter().toInstant() + " (verification time " + at + ")");
        } catch (CertificateNotYetValidException e) {
            problems.add("the issuer certificate " + subject + " is valid only from "
                    + leaf.getNotBefore().toInstant() + " (verification time " + at + ")");
        }
        Instant issuedAt = certificate.issuedAt();
        if (issuedAt.isBefore(leaf.getNotBefore().toInstant())
                || issuedAt.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add("issued at " + issuedAt + ", outside the issuer certificate's validity "
                    + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant());
        }
        if (issuedAt.isAfter(at.plus(CLOCK_SKEW))) {
            problems.add("issued at " + issuedAt + ", after the verification time " + at);
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            problems.add("the issuer certificate " + subject + " does not allow digital signatures (key usage)");
        }
        try {
            EcdsaP256.requireP256(leaf.getPublicKey());
        } catch (IllegalArgumentException e) {
            problems.add("the issuer key is not ECDSA P-256: " + e.getMessage());
        }
        if (trustedCas.isEmpty()) {
            problems.add("no trusted CA was given");
        } else {
            try {
                Set<TrustAnchor> anchors = new HashSet<>();
                trustedCas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
                PKIXParameters parameters = new PKIXParameters(anchors);
                // Offline: no CRL or OCSP to ask. README.md says so.
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(at));
                PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                        .validate(
                                CertificateFactory.getInstance("X.509").generateCertPath(issuer.certificateChain()),
                                parameters);
                if (problems.isEmpty()) {
                    pass(
                            Step.ISSUER_CHAIN,
                            element,
                            subject + " chains to the trusted CA "
                                    + result.getTrustAnchor()
                                            .getTrustedCert()
                                            .getSubjectX500Principal()
                                            .getName() + " at " + at
                                    + " (revocation not checked)");
                    return;
                }
            } catch (CertPathValidatorException e) {
                problems.add("the chain of " + subject + " does not lead to a trusted CA"
                        + (e.getIndex() >= 0 ? " (certificate " + e.getIndex() + " of the chain)" : "") + ": "
                        + e.getMessage());
            } catch (GeneralSecurityException e) {
                problems.add("the chain of " + subject + " cannot be validated: " + e.getMessage());
            }
        }
        fail(Step.ISSUER_CHAIN, element, String.join("; ", problems));
    }

    private void issuerSignature() {
        Issuer issuer = certificate.issuer();
        String element = "issuer " + issuer.mspId();
        PublicKey key = issuer.certificate().getPublicKey();
        boolean verified;
        try {
            verified = EcdsaP256.verify(
                    key, certificate.signedBytes(), Base64.getDecoder().decode(issuer.signature()));
        } catch (IllegalArgumentException notP256) {
            fail(Step.ISSUER_SIGNATURE, element, "the issuer key cannot verify: " + notP256.getMessage());
            return;
        }
        if (verified) {
            pass(
                    Step.ISSUER_SIGNATURE,
                    element,
                    "the key of "
                            + issuer.certificate().getSubjectX500Principal().getName() + " signed the manifest of good "
                            + certificate.goodId() + " issued at " + certificate.issuedAt());
        } else {
            fail(
                    Step.ISSUER_SIGNATURE,
                    element,
                    "the signature does not verify under the key of "
                            + issuer.certificate().getSubjectX500Principal().getName()
                            + ": the manifest, the good id, the issuing time, the MSP id or the signature was altered");
        }
    }

    private void sectionDigests() {
        Manifest signed = certificate.issuer().manifest();
        Manifest content = certificate.contentManifest();
        provenanceDigest(signed, content);
        ProvenanceCertificate c = certificate;
        listDigest("ledgerRecords", signed.ledgerRecords(), content.ledgerRecords(), i -> {
            LedgerRecord record = c.ledgerRecords().get(i);
            return "transaction " + record.transactionId() + " of " + record.entityId();
        });
        listDigest(
                "anchors",
                signed.anchors(),
                content.anchors(),
                i -> "batch " + c.anchors().get(i).batchId());
        listDigest(
                "readingProofs",
                signed.readingProofs(),
                content.readingProofs(),
                i -> proofName(c.readingProofs().get(i)));
        listDigest(
                "robots",
                signed.robots(),
                content.robots(),
                i -> "robot " + c.robots().get(i).id());
        if (!signed.bitcoinAnchor().equals(content.bitcoinAnchor())) {
            fail(
                    Step.SECTION_DIGEST,
                    "bitcoinAnchor",
                    "the Bitcoin anchor was altered, added or removed: it hashes to "
                            + content.bitcoinAnchor().map(Digest::hex).orElse("nothing (absent)")
                            + ", the manifest signs "
                            + signed.bitcoinAnchor().map(Digest::hex).orElse("none"));
        } else if (content.bitcoinAnchor().isPresent()) {
            pass(Step.SECTION_DIGEST, "bitcoinAnchor", "matches the manifest");
        }
        if (signed.certificateChain().equals(content.certificateChain())) {
            pass(Step.SECTION_DIGEST, "issuer.certificateChain", "matches the manifest");
        } else {
            fail(
                    Step.SECTION_DIGEST,
                    "issuer.certificateChain",
                    "the issuer's certificate chain was altered: it hashes to " + content.certificateChain()
                            + ", the manifest signs " + signed.certificateChain());
        }
    }

    private void provenanceDigest(Manifest signed, Manifest content) {
        if (signed.provenance().equals(content.provenance()) && signed.goods().equals(content.goods())) {
            pass(
                    Step.SECTION_DIGEST,
                    "provenance",
                    "the tree of " + content.goods().size() + " goods matches the manifest");
            return;
        }
        List<String> altered = new ArrayList<>();
        for (Node node : certificate.tree().nodes()) {
            Digest expected = signed.goods().get(node.goodId());
            if (expected == null) {
                altered.add("good " + node.goodId() + " (" + node.path() + ") is not in the manifest");
            } else if (!expected.equals(content.goods().get(node.goodId()))) {
                altered.add("good " + node.goodId() + " (" + node.path() + ".good) was altered");
            }
        }
        for (String signedGood : signed.goods().keySet()) {
            if (!content.goods().containsKey(signedGood)) {
                altered.add("good " + signedGood + " of the manifest is missing from the tree");
            }
        }
        if (altered.isEmpty()) {
            altered.add("the tree outside its goods' records (goodId, nodeCount, depth, robot summaries, part order)"
                    + " was altered: it hashes to " + content.provenance() + ", the manifest signs "
                    + signed.provenance());
        }
        fail(Step.SECTION_DIGEST, "provenance", String.join("; ", altered));
    }

    private void listDigest(String section, List<Digest> signed, List<Digest> content, Function<Integer, String> name) {
        if (signed.size() != content.size()) {
            fail(
                    Step.SECTION_DIGEST,
                    section,
                    "holds " + content.size() + " elements, the manifest signs " + signed.size());
            return;
        }
        List<String> altered = new ArrayList<>();
        for (int i = 0; i < signed.size(); i++) {
            if (!signed.get(i).equals(content.get(i))) {
                altered.add(section + "[" + i + "] (" + name.apply(i) + ") was altered");
            }
        }
        if (altered.isEmpty()) {
            pass(
                    Step.SECTION_DIGEST,
                    section,
                    content.size() + (content.size() == 1 ? " element matches" : " elements match") + " the manifest");
        } else {
            fail(Step.SECTION_DIGEST, section, String.join("; ", altered));
        }
    }

    private void provenanceTree() {
        ProvenanceTree tree = certificate.tree();
        List<String> problems = new ArrayList<>();
        if (!tree.goodId().equals(certificate.goodId())) {
            problems.add("the tree is the answer for good " + tree.goodId() + ", the certificate is of "
                    + certificate.goodId());
        }
        if (!tree.root().goodId().equals(tree.goodId())) {
            problems.add("the tree's root is good " + tree.root().goodId() + ", not " + tree.goodId());
        }
        if (tree.nodeCount() != tree.nodes().size()) {
            problems.add("nodeCount says " + tree.nodeCount() + ", the tree holds "
                    + tree.nodes().size() + " goods");
        }
        long depth = tree.nodes().stream().mapToLong(Node::depth).max().orElse(0);
        if (tree.depth() != depth) {
            problems.add("depth says " + tree.depth() + ", the tree is " + depth + " deep");
        }
        checkNode(tree.root(), 0, problems);
        if (problems.isEmpty()) {
            pass(
                    Step.PROVENANCE_TREE,
                    certificate.goodId(),
                    "the ledger's tree of good " + tree.goodId() + ": "
                            + tree.nodes().size() + " goods, depth " + depth);
        } else {
            fail(Step.PROVENANCE_TREE, certificate.goodId(), String.join("; ", problems));
        }
    }

    private static void checkNode(Node node, long depth, List<String> problems) {
        if (node.depth() != depth) {
            problems.add(
                    node.path() + " (good " + node.goodId() + ") says depth " + node.depth() + ", it sits at " + depth);
        }
        String robotId = node.robot().get("id").textValue();
        if (!robotId.equals(node.robotId())) {
            problems.add("good " + node.goodId() + " was made by robot " + node.robotId() + " but its node shows robot "
                    + robotId);
        }
        List<String> children = node.parts().stream().map(Node::goodId).toList();
        if (!new HashSet<>(children).equals(new HashSet<>(node.partIds()))) {
            problems.add("good " + node.goodId() + " lists parts " + node.partIds() + ", its node holds " + children);
        }
        node.parts().forEach(part -> checkNode(part, depth + 1, problems));
    }

    private void robotKeys() {
        Map<String, List<Node>> madeBy = new LinkedHashMap<>();
        for (Node node : certificate.tree().nodes()) {
            madeBy.computeIfAbsent(node.robotId(), id -> new ArrayList<>()).add(node);
        }
        for (Map.Entry<String, List<Node>> robot : madeBy.entrySet()) {
            String robotId = robot.getKey();
            List<String> goods = robot.getValue().stream().map(Node::goodId).toList();
            Optional<RobotRecord> record = robotRecord(robotId);
            if (record.isEmpty()) {
                fail(
                        Step.ROBOT_KEY,
                        "robot " + robotId,
                        "robot " + robotId + " made " + goods + " but the bundle has no record (no key) of it");
                continue;
            }
            List<String> problems = new ArrayList<>();
            // A node's robot summary is the ledger's robot record without its key: every field it
            // shows must be the bundle record's.
            for (Node node : robot.getValue()) {
                node.robot().fieldNames().forEachRemaining(field -> {
                    JsonNode recorded = record.get().json().get(field);
                    if (!node.robot().get(field).equals(recorded)) {
                        problems.add(node.path() + ".robot shows " + field + " "
                                + node.robot().get(field)
                                + ", the bundle's record of robot " + robotId + " has "
                                + (recorded == null ? "none" : recorded));
                    }
                });
            }
            if (problems.isEmpty()) {
                pass(
                        Step.ROBOT_KEY,
                        "robot " + robotId,
                        "P-256 key " + record.get().fingerprint() + " of robot " + robotId + " (made " + goods
                                + "), its record agrees with the tree");
            } else {
                fail(Step.ROBOT_KEY, "robot " + robotId, String.join("; ", problems));
            }
        }
        for (int i = 0; i < certificate.robots().size(); i++) {
            RobotRecord record = certificate.robots().get(i);
            if (!madeBy.containsKey(record.id())) {
                fail(
                        Step.ROBOT_KEY,
                        "robot " + record.id(),
                        "robots[" + i + "] is robot " + record.id() + ", which made no good of the tree");
            }
        }
    }

    private Optional<RobotRecord> robotRecord(String robotId) {
        return certificate.robots().stream()
                .filter(robot -> robot.id().equals(robotId))
                .findFirst();
    }

    private Set<Integer> readingProofs() {
        Set<Integer> verified = new HashSet<>();
        List<ReadingInclusionProof> proofs = certificate.readingProofs();
        for (int i = 0; i < proofs.size(); i++) {
            ReadingInclusionProof proof = proofs.get(i);
            String element = "readingProofs[" + i + "]";
            String robotId = proof.readingProof().robotId();
            Optional<RobotRecord> robot = robotRecord(robotId);
            boolean valid = false;
            if (robot.isEmpty()) {
                fail(Step.READING_PROOF, element, proofName(proof) + ": the bundle has no key of robot " + robotId);
            } else {
                ProofVerification result;
                try {
                    result = proof.verify(robot.get().key());
                } catch (IllegalArgumentException unusableKey) {
                    fail(
                            Step.READING_PROOF,
                            element,
                            proofName(proof) + ": the key of robot " + robotId + " cannot verify: "
                                    + unusableKey.getMessage());
                    proofAnchor(i, proof);
                    continue;
                }
                valid = result.cryptographicallyValid();
                if (valid) {
                    pass(
                            Step.READING_PROOF,
                            element,
                            proofName(proof) + " verifies under key "
                                    + robot.get().fingerprint() + " up to batch root " + proof.batchRoot());
                } else {
                    fail(
                            Step.READING_PROOF,
                            element,
                            proofName(proof) + ": "
                                    + String.join(
                                            "; ",
                                            result.failures().stream()
                                                    .map(ProofCheck::toString)
                                                    .toList()));
                }
            }
            if (proofAnchor(i, proof) && valid) {
                verified.add(i);
            }
        }
        return verified;
    }

    private boolean proofAnchor(int index, ReadingInclusionProof proof) {
        String element = "readingProofs[" + index + "]";
        Optional<AnchorRecord> listed = certificate.anchors().stream()
                .filter(anchor -> anchor.gatewayBatchId() == proof.batchId())
                .findFirst();
        if (listed.isEmpty()) {
            fail(
                    Step.PROOF_ANCHOR,
                    element,
                    proofName(proof) + " is under gateway batch " + proof.batchId() + ", which no listed anchor is");
            return false;
        }
        AnchorRecord anchor = listed.get();
        List<String> problems = new ArrayList<>();
        if (!anchor.merkleRoot().equals(proof.batchRoot())) {
            problems.add(proofName(proof) + " leads to batch root " + proof.batchRoot() + ", but batch "
                    + anchor.batchId() + " (gateway batch " + anchor.gatewayBatchId() + ") is anchored with root "
                    + anchor.merkleRoot());
        }
        proof.anchor().ifPresent(own -> {
            if (!own.transactionId().equals(anchor.transactionId()) || own.blockNumber() != anchor.blockNumber()) {
                problems.add(proofName(proof) + " names transaction " + own.transactionId() + " in block "
                        + own.blockNumber() + ", the listed anchor of batch " + anchor.batchId() + " is transaction "
                        + anchor.transactionId() + " in block " + anchor.blockNumber());
            }
        });
        if (problems.isEmpty()) {
            pass(
                    Step.PROOF_ANCHOR,
                    element,
                    "gateway batch " + proof.batchId() + " is batch " + anchor.batchId()
                            + " with root " + anchor.merkleRoot() + ", anchored in transaction "
                            + anchor.transactionId()
                            + " of block " + anchor.blockNumber());
            return true;
        }
        fail(Step.PROOF_ANCHOR, element, String.join("; ", problems));
        return false;
    }

    private void productionCovered(Set<Integer> verifiedProofs) {
        for (Node node : certificate.tree().nodes()) {
            String element = "good " + node.goodId();
            if (node.telemetryAnchor().isEmpty()) {
                checks.add(new CertificateCheck(
                        Step.PRODUCTION_COVERED,
                        element,
                        Outcome.ABSENT,
                        "the ledger names no" + " telemetry batch for the production of " + node.goodId() + " by robot "
                                + node.robotId()));
                continue;
            }
            TelemetryRef named = node.telemetryAnchor().get();
            Optional<Integer> covering = verifiedProofs.stream()
                    .sorted()
                    .filter(i -> {
                        ReadingInclusionProof proof =
                                certificate.readingProofs().get(i);
                        return proof.readingProof().robotId().equals(node.robotId())
                                && proof.batchRoot().equals(named.merkleRoot())
                                && certificate.anchors().stream()
                                        .anyMatch(anchor -> anchor.gatewayBatchId() == proof.batchId()
                                                && anchor.batchId().equals(named.batchId()));
                    })
                    .findFirst();
            if (covering.isPresent()) {
                pass(
                        Step.PRODUCTION_COVERED,
                        element,
                        "robot " + node.robotId() + " made " + node.goodId()
                                + "; readingProofs[" + covering.get() + "] ("
                                + proofName(certificate.readingProofs().get(covering.get()))
                                + ") is under its " + named);
            } else {
                fail(
                        Step.PRODUCTION_COVERED,
                        element,
                        "no verified reading proof of robot " + node.robotId() + " under " + named
                                + ", which the ledger names for the production of " + node.goodId());
            }
        }
    }

    private void ledgerRecords() {
        Set<Integer> referenced = new HashSet<>();
        List<LedgerRecord> records = certificate.ledgerRecords();
        for (Node node : certificate.tree().nodes()) {
            List<String> missing = new ArrayList<>();
            Set<Long> blocks = new TreeSet<>();
            Set<String> transactions = new LinkedHashSet<>();
            for (TransactionRef ref : node.transactions()) {
                transactions.add(ref.transactionId());
                Optional<Integer> found = indexOf(
                        records,
                        record -> record.entityId().equals(node.goodId())
                                && record.transactionId().equals(ref.transactionId()));
                if (found.isEmpty()) {
                    missing.add("transaction " + ref.transactionId() + " (" + ref.path() + ") is not listed");
                } else {
                    referenced.add(found.get());
                    blocks.add(records.get(found.get()).blockNumber());
                }
            }
            String element = "good " + node.goodId();
            if (missing.isEmpty()) {
                pass(
                        Step.LEDGER_RECORDS,
                        element,
                        "its transactions " + transactions + " are listed, in blocks " + blocks);
            } else {
                fail(Step.LEDGER_RECORDS, element, String.join("; ", missing));
            }
        }
        List<String> unreferenced = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (!referenced.contains(i)) {
                unreferenced.add("ledgerRecords[" + i + "] (transaction "
                        + records.get(i).transactionId() + " of "
                        + records.get(i).entityId() + ") is named by no event of the tree");
            }
        }
        if (unreferenced.isEmpty()) {
            pass(
                    Step.LEDGER_RECORDS,
                    "ledgerRecords",
                    "each of the " + records.size() + " records is an event of the tree");
        } else {
            fail(Step.LEDGER_RECORDS, "ledgerRecords", String.join("; ", unreferenced));
        }
    }

    private void anchorsListed() {
        Set<TelemetryRef> named = new LinkedHashSet<>();
        certificate.tree().nodes().forEach(node -> node.telemetryAnchor().ifPresent(named::add));
        Set<Integer> referenced = new HashSet<>();
        List<AnchorRecord> anchors = certificate.anchors();
        for (TelemetryRef ref : named) {
            String element = "batch " + ref.batchId();
            Optional<Integer> found =
                    indexOf(anchors, anchor -> anchor.batchId().equals(ref.batchId()));
            if (found.isEmpty()) {
                fail(Step.ANCHOR_LISTED, element, "the tree names " + ref + ", which is not listed");
                continue;
            }
            referenced.add(found.get());
            AnchorRecord anchor = anchors.get(found.get());
            if (anchor.merkleRoot().equals(ref.merkleRoot())) {
                pass(
                        Step.ANCHOR_LISTED,
                        element,
                        ref + " anchored in transaction " + anchor.transactionId() + " of block "
                                + anchor.blockNumber());
            } else {
                fail(
                        Step.ANCHOR_LISTED,
                        element,
                        "the tree names " + ref + ", the listed anchor of batch " + ref.batchId() + " has root "
                                + anchor.merkleRoot());
            }
        }
        for (int i = 0; i < anchors.size(); i++) {
            if (!referenced.contains(i)) {
                fail(
                        Step.ANCHOR_LISTED,
                        "batch " + anchors.get(i).batchId(),
                        "anchors[" + i + "] (batch " + anchors.get(i).batchId() + ") is named by no good of the tree");
            }
        }
    }

    private void bitcoinAnchor(Optional<BitcoinHeader> header) {
        long newest = certificate.newestBlock();
        Optional<BitcoinAnchorRecord> found = certificate.bitcoinAnchor();
        if (found.isEmpty()) {
            checks.add(new CertificateCheck(
                    Step.BITCOIN_BLOCK,
                    "block " + newest,
                    Outcome.ABSENT,
                    "no Bitcoin anchor" + " covers block " + newest
                            + ": the channel had not anchored it when the certificate was issued"));
            return;
        }
        BitcoinAnchorRecord anchor = found.get();
        fabricHeaderChain(newest, anchor);
        String element = "bitcoin tx " + anchor.bitcoinTxid();
        BitcoinTransaction transaction = anchor.rawTransaction();
        LedgerAnchorScript expected = new LedgerAnchorScript(anchor.fabricBlockNumber(), anchor.fabricBlockHash());
        if (!transaction.txid().equals(anchor.bitcoinTxid())) {
            fail(
                    Step.BITCOIN_TRANSACTION,
                    element,
                    "the raw transaction is " + transaction.txid() + ", not " + anchor.bitcoinTxid());
        } else if (!LedgerAnchorScript.in(transaction).contains(expected)) {
            fail(
                    Step.BITCOIN_TRANSACTION,
                    element,
                    "its OP_RETURN carries " + LedgerAnchorScript.in(transaction) + ", not block "
                            + anchor.fabricBlockNumber() + " with hash " + anchor.fabricBlockHash());
        } else {
            pass(
                    Step.BITCOIN_TRANSACTION,
                    element,
                    "its OP_RETURN carries block " + anchor.fabricBlockNumber() + " " + anchor.fabricBlockHash());
        }
        String blockElement = "bitcoin block " + anchor.bitcoinBlockHash();
        if (header.isEmpty()) {
            checks.add(new CertificateCheck(
                    Step.BITCOIN_BLOCK,
                    blockElement,
                    Outcome.ABSENT,
                    "no header given: take the"
                            + " header of block " + anchor.bitcoinBlockHash() + " (height "
                            + anchor.bitcoinBlockHeight()
                            + ") from a Bitcoin node you trust and pass it with --bitcoin-header"));
            return;
        }
        BitcoinHeader given = header.get();
        String root = anchor.merklePath().rootFrom(anchor.bitcoinTxid());
        if (!given.blockHash().equals(anchor.bitcoinBlockHash())) {
            fail(
                    Step.BITCOIN_BLOCK,
                    blockElement,
                    "the header given hashes to " + given.blockHash() + ", the anchor names block "
                            + anchor.bitcoinBlockHash());
        } else if (!given.meetsItsTarget()) {
            fail(
                    Step.BITCOIN_BLOCK,
                    blockElement,
                    "the header given does not meet the proof-of-work target its bits state");
        } else if (!root.equals(given.merkleRoot())) {
            fail(
                    Step.BITCOIN_BLOCK,
                    blockElement,
                    "the merkle path of transaction " + anchor.merklePath().index() + " (" + anchor.bitcoinTxid()
                            + ") leads to " + root + ", the header's merkle root is " + given.merkleRoot());
        } else {
            pass(
                    Step.BITCOIN_BLOCK,
                    blockElement,
                    "the header given is this block, meets its target and holds "
                            + anchor.bitcoinTxid() + " at position "
                            + anchor.merklePath().index() + " (mined at "
                            + Instant.ofEpochSecond(given.time()) + ")");
        }
    }

    /** From the newest block the certificate names to the anchored one, each header naming the hash of the one before. */
    private void fabricHeaderChain(long newest, BitcoinAnchorRecord anchor) {
        String element = "blocks " + newest + ".." + anchor.fabricBlockNumber();
        List<FabricBlockHeader> headers = anchor.fabricHeaders();
        Set<String> claimed = new TreeSet<>();
        certificate.ledgerRecords().stream()
                .filter(record -> record.blockNumber() == newest)
                .forEach(record -> record.blockHash().ifPresent(hash -> claimed.add(hash.hex())));
        certificate.anchors().stream()
                .filter(record -> record.blockNumber() == newest)
                .forEach(record -> record.blockHash().ifPresent(hash -> claimed.add(hash.hex())));
        List<String> problems = new ArrayList<>();
        if (claimed.isEmpty()) {
            problems.add("no record of block " + newest + " gives its hash");
        } else if (claimed.size() > 1) {
            problems.add("the records give block " + newest + " the hashes " + claimed);
        } else if (!headers.get(0).hash().equals(claimed.iterator().next())) {
            problems.add("fabricHeaders[0] hashes to " + headers.get(0).hash() + ", the records give block " + newest
                    + " the hash " + claimed.iterator().next());
        }
        for (int i = 0; i < headers.size() && problems.isEmpty(); i++) {
            if (headers.get(i).number() != newest + i) {
                problems.add("fabricHeaders[" + i + "] is block "
                        + headers.get(i).number() + ", block " + (newest + i) + " belongs there");
            } else if (i > 0
                    && !headers.get(i).previousHash().equals(headers.get(i - 1).hash())) {
                problems.add("block " + headers.get(i).number() + " names "
                        + headers.get(i).previousHash()
                        + " as its predecessor's hash, block "
                        + headers.get(i - 1).number() + " hashes to "
                        + headers.get(i - 1).hash());
            }
        }
        FabricBlockHeader last = headers.get(headers.size() - 1);
        if (problems.isEmpty() && last.number() != anchor.fabricBlockNumber()) {
            problems.add("the headers end at block " + last.number() + ", the anchor is of block "
                    + anchor.fabricBlockNumber());
        } else if (problems.isEmpty() && !last.hash().equals(anchor.fabricBlockHash())) {
            problems.add("block " + last.number() + " hashes to " + last.hash() + ", the anchor carries "
                    + anchor.fabricBlockHash());
        }
        if (problems.isEmpty()) {
            pass(
                    Step.FABRIC_HEADER_CHAIN,
                    element,
                    headers.size() + " headers chain block " + newest + " ("
                            + headers.get(0).hash() + ") to the anchored block " + anchor.fabricBlockNumber());
        } else {
            fail(Step.FABRIC_HEADER_CHAIN, element, String.join("; ", problems));
        }
    }

    private static <T> Optional<Integer> indexOf(List<T> list, Predicate<T> match) {
        for (int i = 0; i < list.size(); i++) {
            if (match.test(list.get(i))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static String proofName(ReadingInclusionProof proof) {
        return "reading " + proof.reading().readingSeq() + " of robot "
                + proof.readingProof().robotId() + " (window "
                + proof.readingProof().robotId() + "/" + proof.readingProof().seq() + ")";
    }
}
