package dev.robotledger.wire.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import dev.robotledger.wire.crypto.EcdsaP256;
import dev.robotledger.wire.message.CanonicalJson;
import dev.robotledger.wire.message.WireFormatException;
import dev.robotledger.wire.message.WireFormatException.Reason;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A provenance certificate: one good's provenance tree as the ledger answered it, the ledger
 * transactions and telemetry anchors it names, reading inclusion proofs of the robots that made
 * its goods, the robots' keys, all signed by the issuing organisation. Checked offline by
 * {@link #verify(Collection, Instant)}; the format is described in wire/README.md, "Provenance
 * certificate".
 *
 * <pre>{@code
 * ProvenanceCertificate certificate = ProvenanceCertificate.parse(Files.readAllBytes(file));
 * CertificateVerification result = certificate.verify(List.of(orgCa), Instant.now());
 * result.checks().forEach(System.out::println);
 * }</pre>
 */
public final class ProvenanceCertificate {

    /** The format version, the first field a reader checks. */
    public static final String FORMAT = "robotledger.provenance-certificate.v1";
    /** Larger inputs are refused ({@code TOO_LARGE}) before parsing. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of(
            "format",
            "goodId",
            "issuedAtEpochMillis",
            "provenance",
            "ledgerRecords",
            "anchors",
            "readingProofs",
            "robots",
            "issuer",
            "bitcoinAnchor");
    private static final Set<String> ISSUER_FIELDS = Set.of("mspId", "certificateChain", "manifest", "signature");
    private static final Set<String> RECORD_FIELDS =
            Set.of("entityId", "function", "transactionId", "blockNumber", "blockHash");
    private static final Set<String> BITCOIN_ANCHOR_FIELDS = Set.of(
            "fabricBlockNumber",
            "fabricBlockHash",
            "transactionId",
            "bitcoinTxid",
            "bitcoinBlockHash",
            "bitcoinBlockHeight",
            "rawTransaction",
            "transactionIndex",
            "merklePath",
            "fabricHeaders");
    private static final Set<String> HEADER_FIELDS = Set.of("number", "previousHash", "dataHash");
    private static final Set<String> ANCHOR_FIELDS =
            Set.of("batchId", "merkleRoot", "gatewayBatchId", "transactionId", "blockNumber", "blockHash");

    private final JsonNode document;
    private final String goodId;
    private final Instant issuedAt;
    private final ProvenanceTree tree;
    private final List<LedgerRecord> ledgerRecords;
    private final List<AnchorRecord> anchors;
    private final Optional<BitcoinAnchorRecord> bitcoinAnchor;
    private final List<ReadingInclusionProof> readingProofs;
    private final List<RobotRecord> robots;
    private final Issuer issuer;
    private final Manifest contentManifest;

    private ProvenanceCertificate(
            JsonNode document,
            String goodId,
            Instant issuedAt,
            ProvenanceTree tree,
            List<LedgerRecord> ledgerRecords,
            List<AnchorRecord> anchors,
            Optional<BitcoinAnchorRecord> bitcoinAnchor,
            List<ReadingInclusionProof> readingProofs,
            List<RobotRecord> robots,
            Issuer issuer,
            Manifest contentManifest) {
        this.document = document;
        this.goodId = goodId;
        this.issuedAt = issuedAt;
        this.tree = tree;
        this.ledgerRecords = List.copyOf(ledgerRecords);
        this.anchors = List.copyOf(anchors);
        this.bitcoinAnchor = bitcoinAnchor;
        this.readingProofs = List.copyOf(readingProofs);
        this.robots = List.copyOf(robots);
        this.issuer = issuer;
        this.contentManifest = contentManifest;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String goodId() {
        return goodId;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public List<LedgerRecord> ledgerRecords() {
        return ledgerRecords;
    }

    public List<AnchorRecord> anchors() {
        return anchors;
    }

    public List<ReadingInclusionProof> readingProofs() {
        return readingProofs;
    }

    /** The Bitcoin anchor covering the newest block the certificate names, when the channel had one at issuing. */
    public Optional<BitcoinAnchorRecord> bitcoinAnchor() {
        return bitcoinAnchor;
    }

    /** The newest block any ledger record or telemetry anchor of the certificate names. */
    public long newestBlock() {
        return java.util.stream.Stream.concat(
                        ledgerRecords.stream().map(LedgerRecord::blockNumber),
                        anchors.stream().map(AnchorRecord::blockNumber))
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
    }

    public Issuer issuer() {
        return issuer;
    }

    /** The number of goods in the tree. */
    public int goodCount() {
        return tree.nodes().size();
    }

    ProvenanceTree tree() {
        return tree;
    }

    List<RobotRecord> robots() {
        return robots;
    }

    /** The manifest of the content as it is, to compare with the signed one. */
    Manifest contentManifest() {
        return contentManifest;
    }

    /**
     * Checks the certificate against the CAs the verifier trusts, at {@code verificationTime}
     * (the issuer's certificate must be valid then; revocation is not checked). Every check
     * reports on its own, so an altered certificate names each element it breaks.
     */
    public CertificateVerification verify(Collection<X509Certificate> trustedCas, Instant verificationTime) {
        return CertificateVerifier.verify(this, trustedCas, verificationTime, Optional.empty());
    }

    /**
     * As {@link #verify(Collection, Instant)}, and checks the Bitcoin anchor against the header of
     * its Bitcoin block, which the reader takes from a Bitcoin node of its choice.
     */
    public CertificateVerification verify(
            Collection<X509Certificate> trustedCas, Instant verificationTime, BitcoinHeader bitcoinHeader) {
        return CertificateVerifier.verify(this, trustedCas, verificationTime, Optional.of(bitcoinHeader));
    }

    /**
     * The bytes the issuer signs: RFC 8785 JSON of {@code {format, goodId, issuedAtEpochMillis,
     * issuerMspId, manifest}}.
     */
    public byte[] signedBytes() {
        return signedBytes(goodId, issuedAt.toEpochMilli(), issuer.mspId(), issuer.manifest());
    }

    private static byte[] signedBytes(String goodId, long issuedAtEpochMillis, String mspId, Manifest manifest) {
        ObjectNode signed = JsonNodeFactory.instance.objectNode();
        signed.put("format", FORMAT);
        signed.put("goodId", goodId);
        signed.put("issuedAtEpochMillis", issuedAtEpochMillis);
        signed.put("issuerMspId", mspId);
        signed.set("manifest", manifest.toJson());
        return CanonicalJson.bytes("signed content", signed);
    }

    /** The JSON form, exactly as parsed or built. */
    public JsonNode toJson() {
        return document.deepCopy();
    }

    /** The JSON form as UTF-8, indented for people who read certificate files. */
    public byte[] toJsonBytes() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }

    /** Parses the JSON form strictly; a {@link WireFormatException} names the faulty field. */
    public static ProvenanceCertificate parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new WireFormatException(
                    Reason.TOO_LARGE, null, "a certificate is at most " + MAX_BYTES + " bytes, got " + json.length);
        }
        return fromJson(CanonicalJson.parse(json));
    }

    public static ProvenanceCertificate fromJson(JsonNode json) {
        JsonNode document = json.deepCopy();
        Fields.object(document, "", FIELDS);
        String format = Fields.text(document, "format", "");
        if (!format.equals(FORMAT)) {
            throw Fields.refusal(
                    Reason.WRONG_TYPE, "format", "must be '" + FORMAT + "', got '" + Fields.abbreviate(format) + "'");
        }
        String goodId = Fields.text(document, "goodId", "");
        long issuedAt = Fields.count(document, "issuedAtEpochMillis", "");
        ProvenanceTree tree = ProvenanceTree.read(Fields.present(document, "provenance", ""), "provenance");
        Set<String> goodIds = new HashSet<>();
        for (ProvenanceTree.Node node : tree.nodes()) {
            if (!goodIds.add(node.goodId())) {
                throw Fields.refusal(
                        Reason.MALFORMED_JSON,
                        node.path() + ".good.id",
                        "names good '" + Fields.abbreviate(node.goodId()) + "' a second time in the tree");
            }
        }
        List<LedgerRecord> records = ledgerRecords(Fields.array(document, "ledgerRecords", ""));
        List<AnchorRecord> anchors = anchors(Fields.array(document, "anchors", ""));
        Optional<BitcoinAnchorRecord> bitcoinAnchor = document.has("bitcoinAnchor")
                ? Optional.of(bitcoinAnchor(document.get("bitcoinAnchor")))
                : Optional.empty();
        List<ReadingInclusionProof> proofs = new ArrayList<>();
        JsonNode proofsJson = Fields.array(document, "readingProofs", "");
        for (int i = 0; i < proofsJson.size(); i++) {
            try {
                proofs.add(ReadingInclusionProof.fromJson(proofsJson.get(i)));
            } catch (WireFormatException e) {
                throw new WireFormatException(
                        e.reason(), e.robotId().orElse(null), "readingProofs[" + i + "]: " + e.detail());
            }
        }
        List<RobotRecord> robots = new ArrayList<>();
        Set<String> robotIds = new HashSet<>();
        JsonNode robotsJson = Fields.array(document, "robots", "");
        for (int i = 0; i < robotsJson.size(); i++) {
            RobotRecord robot = RobotRecord.read(robotsJson.get(i), "robots[" + i + "]");
            if (!robotIds.add(robot.id())) {
                throw Fields.refusal(
                        Reason.MALFORMED_JSON,
                        "robots[" + i + "].id",
                        "names robot '" + Fields.abbreviate(robot.id()) + "' a second time");
            }
            robots.add(robot);
        }
        Issuer issuer = issuer(Fields.present(document, "issuer", ""));
        // Hashing also refuses values canonical JSON cannot keep exact, anywhere in the content.
        Manifest content = Manifest.of(document, tree);
        return new ProvenanceCertificate(
                document,
                goodId,
                Instant.ofEpochMilli(issuedAt),
                tree,
                records,
                anchors,
                bitcoinAnchor,
                proofs,
                robots,
                issuer,
                content);
    }

    private static List<LedgerRecord> ledgerRecords(JsonNode array) {
        List<LedgerRecord> records = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "ledgerRecords[" + i + "]";
            JsonNode node = Fields.object(array.get(i), path, RECORD_FIELDS);
            LedgerRecord record = value(
                    path,
                    () -> new LedgerRecord(
                            Fields.text(node, "entityId", path),
                            Fields.text(node, "function", path),
                            Fields.text(node, "transactionId", path),
                            Fields.count(node, "blockNumber", path),
                            Fields.optionalDigest(node, "blockHash", path)));
            if (!seen.add(List.of(record.entityId(), record.transactionId()))) {
                throw Fields.refusal(
                        Reason.MALFORMED_JSON,
                        path,
                        "lists transaction " + record.transactionId() + " of entity " + record.entityId()
                                + " a second time");
            }
            records.add(record);
        }
        return records;
    }

    private static List<AnchorRecord> anchors(JsonNode array) {
        List<AnchorRecord> anchors = new ArrayList<>();
        Set<String> batchIds = new HashSet<>();
        Set<Long> gatewayBatchIds = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "anchors[" + i + "]";
            JsonNode node = Fields.object(array.get(i), path, ANCHOR_FIELDS);
            AnchorRecord anchor = value(
                    path,
                    () -> new AnchorRecord(
                            Fields.text(node, "batchId", path),
                            Fields.digest(node.get("merkleRoot"), path + ".merkleRoot"),
                            Fields.count(node, "gatewayBatchId", path),
                            Fields.text(node, "transactionId", path),
                            Fields.count(node, "blockNumber", path),
                            Fields.optionalDigest(node, "blockHash", path)));
            if (!batchIds.add(anchor.batchId()) || !gatewayBatchIds.add(anchor.gatewayBatchId())) {
                throw Fields.refusal(
                        Reason.MALFORMED_JSON,
                        path,
                        "lists batch " + anchor.batchId() + " (gateway batch " + anchor.gatewayBatchId()
                                + ") a second time");
            }
            anchors.add(anchor);
        }
        return anchors;
    }

    private static BitcoinAnchorRecord bitcoinAnchor(JsonNode json) {
        String path = "bitcoinAnchor";
        JsonNode node = Fields.object(json, path, BITCOIN_ANCHOR_FIELDS);
        JsonNode pathJson = Fields.array(node, "merklePath", path);
        List<String> siblings = new ArrayList<>();
        for (int i = 0; i < pathJson.size(); i++) {
            siblings.add(Fields.digest(pathJson.get(i), path + ".merklePath[" + i + "]")
                    .hex());
        }
        JsonNode headersJson = Fields.array(node, "fabricHeaders", path);
        List<FabricBlockHeader> headers = new ArrayList<>();
        for (int i = 0; i < headersJson.size(); i++) {
            String headerPath = path + ".fabricHeaders[" + i + "]";
            JsonNode header = Fields.object(headersJson.get(i), headerPath, HEADER_FIELDS);
            headers.add(value(
                    headerPath,
                    () -> new FabricBlockHeader(
                            Fields.count(header, "number", headerPath),
                            Fields.text(header, "previousHash", headerPath),
                            Fields.text(header, "dataHash", headerPath))));
        }
        return value(
                path,
                () -> new BitcoinAnchorRecord(
                        Fields.count(node, "fabricBlockNumber", path),
                        Fields.text(node, "fabricBlockHash", path),
                        Fields.text(node, "transactionId", path),
                        Fields.text(node, "bitcoinTxid", path),
                        Fields.text(node, "bitcoinBlockHash", path),
                        Fields.count(node, "bitcoinBlockHeight", path),
                        BitcoinTransaction.fromHex(Fields.text(node, "rawTransaction", path)),
                        new BitcoinMerklePath(Fields.count(node, "transactionIndex", path), siblings),
                        headers));
    }

    private static Issuer issuer(JsonNode node) {
        Fields.object(node, "issuer", ISSUER_FIELDS);
        JsonNode chainJson = Fields.array(node, "certificateChain", "issuer");
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < chainJson.size(); i++) {
            String path = "issuer.certificateChain[" + i + "]";
            if (!chainJson.get(i).isTextual()) {
                throw Fields.refusal(Reason.WRONG_TYPE, path, "must be a string");
            }
            chain.add(CertificatePem.parse(chainJson.get(i).textValue(), path));
        }
        if (chain.isEmpty()) {
            throw Fields.refusal(Reason.MISSING_FIELD, "issuer.certificateChain", "is empty");
        }
        String signature = Fields.text(node, "signature", "issuer");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw Fields.refusal(Reason.BAD_SIGNATURE_ENCODING, "issuer.signature", "is not base64: " + e.getMessage());
        }
        // One spelling per signature: base64 with unused low bits set decodes to the same bytes.
        if (!Base64.getEncoder().encodeToString(der).equals(signature)) {
            throw Fields.refusal(Reason.BAD_SIGNATURE_ENCODING, "issuer.signature", "is not canonical base64");
        }
        return value(
                "issuer",
                () -> new Issuer(
                        Fields.text(node, "mspId", "issuer"),
                        chain,
                        Manifest.fromJson(Fields.present(node, "manifest", "issuer"), "issuer.manifest"),
                        signature));
    }

    private interface Value<T> {
        T get();
    }

    private static <T> T value(String path, Value<T> constructor) {
        try {
            return constructor.get();
        } catch (WireFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw Fields.refusal(Reason.OUT_OF_RANGE, path, e.getMessage());
        }
    }

    private static ObjectNode bitcoinAnchorJson(BitcoinAnchorRecord anchor) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("fabricBlockNumber", anchor.fabricBlockNumber());
        node.put("fabricBlockHash", anchor.fabricBlockHash());
        node.put("transactionId", anchor.transactionId());
        node.put("bitcoinTxid", anchor.bitcoinTxid());
        node.put("bitcoinBlockHash", anchor.bitcoinBlockHash());
        node.put("bitcoinBlockHeight", anchor.bitcoinBlockHeight());
        node.put("rawTransaction", anchor.rawTransaction().hex());
        node.put("transactionIndex", anchor.merklePath().index());
        ArrayNode path = node.putArray("merklePath");
        anchor.merklePath().siblings().forEach(path::add);
        ArrayNode headers = node.putArray("fabricHeaders");
        for (FabricBlockHeader header : anchor.fabricHeaders()) {
            headers.addObject()
                    .put("number", header.number())
                    .put("previousHash", header.previousHash())
                    .put("dataHash", header.dataHash());
        }
        return node;
    }

    /**
     * Assembles and signs a certificate. The gateway feeds it what the ledger answered
     * ({@code GetProvenance}, {@code GetRobot}, the blocks of the named transactions) and the
     * reading proofs from its journal.
     *
     * <pre>{@code
     * ProvenanceCertificate certificate = ProvenanceCertificate.builder()
     *         .provenance(getProvenanceAnswer)
     *         .robot(getRobotAnswer)
     *         .ledgerRecord(new LedgerRecord(goodId, function, txId, 41, Optional.empty()))
     *         .anchor(new AnchorRecord("batch-1", root, 7, anchorTxId, 40, Optional.empty()))
     *         .readingProof(proof)
     *         .issuedAt(Instant.now())
     *         .sign("ManufacturerMSP", orgSigningKey, List.of(orgSigningCertificate));
     * }</pre>
     */
    public static final class Builder {

        private JsonNode provenance;
        private final List<LedgerRecord> ledgerRecords = new ArrayList<>();
        private final List<AnchorRecord> anchors = new ArrayList<>();
        private BitcoinAnchorRecord bitcoinAnchor;
        private final List<ReadingInclusionProof> readingProofs = new ArrayList<>();
        private final List<JsonNode> robots = new ArrayList<>();
        private Instant issuedAt;

        private Builder() {}

        /** The chaincode's {@code GetProvenance} answer {@code {goodId, nodeCount, depth, tree}}, as it came. */
        public Builder provenance(JsonNode getProvenanceAnswer) {
            this.provenance = getProvenanceAnswer.deepCopy();
            return this;
        }

        public Builder ledgerRecord(LedgerRecord record) {
            ledgerRecords.add(Objects.requireNonNull(record, "record"));
            return this;
        }

        public Builder anchor(AnchorRecord anchor) {
            anchors.add(Objects.requireNonNull(anchor, "anchor"));
            return this;
        }

        /** The Bitcoin anchor covering the newest block the certificate names (see {@link BitcoinAnchorRecord}). */
        public Builder bitcoinAnchor(BitcoinAnchorRecord anchor) {
            this.bitcoinAnchor = Objects.requireNonNull(anchor, "anchor");
            return this;
        }

        public Builder readingProof(ReadingInclusionProof proof) {
            readingProofs.add(Objects.requireNonNull(proof, "proof"));
            return this;
        }

        /** A robot's record as the chaincode's {@code GetRobot} returned it (with {@code publicKeyPem}). */
        public Builder robot(JsonNode getRobotAnswer) {
            robots.add(getRobotAnswer.deepCopy());
            return this;
        }

        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /**
         * Signs with the organisation's signing key; {@code chain} starts with that key's
         * certificate. Throws {@link IllegalArgumentException} if the key is not the
         * certificate's or the content does not form a certificate.
         */
        public ProvenanceCertificate sign(String mspId, PrivateKey key, List<X509Certificate> chain) {
            Objects.requireNonNull(provenance, "provenance");
            Objects.requireNonNull(issuedAt, "issuedAt");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the issuer's certificate chain is empty");
            }
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.put("format", FORMAT);
            String goodId = Fields.text(provenance, "goodId", "provenance");
            document.put("goodId", goodId);
            document.put("issuedAtEpochMillis", issuedAt.toEpochMilli());
            document.set("provenance", provenance);
            ArrayNode records = document.putArray("ledgerRecords");
            for (LedgerRecord record : ledgerRecords) {
                ObjectNode node = records.addObject();
                node.put("entityId", record.entityId());
                node.put("function", record.function());
                node.put("transactionId", record.transactionId());
                node.put("blockNumber", record.blockNumber());
                record.blockHash()
                        .ifPresentOrElse(hash -> node.put("blockHash", hash.hex()), () -> node.putNull("blockHash"));
            }
            ArrayNode anchorsNode = document.putArray("anchors");
            for (AnchorRecord anchor : anchors) {
                ObjectNode node = anchorsNode.addObject();
                node.put("batchId", anchor.batchId());
                node.put("merkleRoot", anchor.merkleRoot().hex());
                node.put("gatewayBatchId", anchor.gatewayBatchId());
                node.put("transactionId", anchor.transactionId());
                node.put("blockNumber", anchor.blockNumber());
                anchor.blockHash()
                        .ifPresentOrElse(hash -> node.put("blockHash", hash.hex()), () -> node.putNull("blockHash"));
            }
            if (bitcoinAnchor != null) {
                document.set("bitcoinAnchor", bitcoinAnchorJson(bitcoinAnchor));
            }
            ArrayNode proofs = document.putArray("readingProofs");
            readingProofs.forEach(proof -> proofs.add(proof.toJson()));
            ArrayNode robotsNode = document.putArray("robots");
            robots.forEach(robotsNode::add);
            ObjectNode issuerNode = document.putObject("issuer");
            issuerNode.put("mspId", mspId);
            ArrayNode chainNode = issuerNode.putArray("certificateChain");
            chain.forEach(certificate -> chainNode.add(CertificatePem.encode(certificate)));

            Manifest manifest = Manifest.of(document, ProvenanceTree.read(provenance, "provenance"));
            byte[] signed = signedBytes(goodId, issuedAt.toEpochMilli(), mspId, manifest);
            byte[] signature = EcdsaP256.sign(key, signed);
            if (!EcdsaP256.verify(chain.get(0).getPublicKey(), signed, signature)) {
                throw new IllegalArgumentException("the signing key is not the key of the issuer's certificate "
                        + chain.get(0).getSubjectX500Principal());
            }
            issuerNode.set("manifest", manifest.toJson());
            issuerNode.put("signature", Base64.getEncoder().encodeToString(signature));
            // Through its bytes, so a built certificate is the one every reader parses (same JSON node types).
            try {
                return parse(MAPPER.writeValueAsBytes(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree failed to serialize", e);
            }
        }
    }
}
