package dev.robotledger.gateway.certificate;

import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.ledger.SigningIdentity;
import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.readmodel.LedgerDocument;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.LedgerState.BlockHeader;
import dev.robotledger.gateway.readmodel.LedgerState.TransactionPlace;
import dev.robotledger.gateway.telemetry.ReadingInclusionProofs;
import dev.robotledger.wire.certificate.AnchorRecord;
import dev.robotledger.wire.certificate.BitcoinAnchorRecord;
import dev.robotledger.wire.certificate.LedgerRecord;
import dev.robotledger.wire.certificate.ProvenanceCertificate;
import dev.robotledger.wire.merkle.Digest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Issues a good's provenance certificate (wire's {@code ProvenanceCertificate}) from the read model
 * and the journal, signed with the organisation's Fabric identity: the good's tree as
 * {@code GetProvenance} answers it, the transaction and block (with its header hash) of every event
 * the tree names, the robots' ledger records with their keys, the telemetry anchors the tree names
 * with, for each, a reading inclusion proof of the producing robot from this gateway's journal.
 * Everything is read in one snapshot of the database, so the parts agree with one ledger height.
 */
public final class CertificateIssuer {

    private static final HexFormat HEX = HexFormat.of();

    private final ProvenanceReadModel readModel;
    private final LedgerState state;
    private final JdbcTemplate journal;
    private final ReadingInclusionProofs proofs;
    private final SigningIdentity identity;
    private final TransactionTemplate snapshot;
    private final Clock clock;

    public CertificateIssuer(
            ProvenanceReadModel readModel,
            LedgerState state,
            JdbcTemplate journal,
            ReadingInclusionProofs proofs,
            SigningIdentity identity,
            TransactionTemplate transactions,
            Clock clock) {
        this.readModel = readModel;
        this.state = state;
        this.journal = journal;
        this.proofs = proofs;
        this.identity = identity;
        this.snapshot = new TransactionTemplate(transactions.getTransactionManager());
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        this.clock = clock;
    }

    /**
     * @throws dev.robotledger.gateway.provenance.UnknownGoodException when the read model holds no such good
     * @throws CertificateIncompleteException when something the tree names cannot be certified from here
     */
    public ProvenanceCertificate issue(String goodId) {
        return snapshot.execute(status -> {
            JsonNode provenance = json(readModel
                    .provenanceJson(goodId, ProvenanceReadModel.DEPTH_CAP, ProvenanceReadModel.NODE_CAP)
                    .value());
            ProvenanceCertificate.Builder certificate =
                    ProvenanceCertificate.builder().provenance(Json.toWire(provenance));
            Map<String, Set<String>> transactionsByGood = new LinkedHashMap<>();
            Set<String> robotIds = new LinkedHashSet<>();
            Map<String, Anchored> anchoredProductions = new LinkedHashMap<>();
            collect(provenance.get("tree"), transactionsByGood, robotIds, anchoredProductions);

            Set<String> transactionIds = new LinkedHashSet<>();
            transactionsByGood.values().forEach(transactionIds::addAll);
            anchoredProductions
                    .values()
                    .forEach(anchored ->
                            transactionIds.add(anchor(anchored.batchId()).txId()));
            Map<String, TransactionPlace> places = state.transactions(transactionIds);
            places.values().stream()
                    .map(TransactionPlace::blockNumber)
                    .max(Long::compare)
                    .flatMap(this::bitcoinAnchor)
                    .ifPresent(certificate::bitcoinAnchor);
            transactionsByGood.forEach((good, transactions) -> transactions.forEach(
                    txId -> certificate.ledgerRecord(record(good, place(places, txId, "good " + good)))));

            Map<String, LedgerDocument> robots = state.entities("robot", robotIds);
            for (String robotId : robotIds) {
                LedgerDocument robot = robots.get(robotId);
                if (robot == null) {
                    throw new CertificateIncompleteException(
                            "robot " + robotId + " of the provenance of " + goodId + " is not in the read model");
                }
                certificate.robot(Json.toWire(robot.document()));
            }
            Set<String> anchorsListed = new LinkedHashSet<>();
            Set<String> proofsListed = new LinkedHashSet<>();
            for (Anchored anchored : anchoredProductions.values()) {
                LedgerAnchor anchor = anchor(anchored.batchId());
                if (!anchor.merkleRoot().equals(anchored.merkleRoot())) {
                    throw new CertificateIncompleteException("good " + anchored.goodId() + " names batch "
                            + anchored.batchId() + " with root " + anchored.merkleRoot() + ", the ledger's anchor has "
                            + anchor.merkleRoot());
                }
                long gatewayBatch = gatewayBatch(anchor);
                if (anchorsListed.add(anchored.batchId())) {
                    TransactionPlace place = place(places, anchor.txId(), "anchor " + anchored.batchId());
                    certificate.anchor(new AnchorRecord(
                            anchored.batchId(),
                            Digest.fromHex(anchor.merkleRoot()),
                            gatewayBatch,
                            place.transactionId(),
                            place.blockNumber(),
                            hash(place)));
                }
                if (proofsListed.add(anchored.robotId() + "\n" + gatewayBatch)) {
                    certificate.readingProof(proofs.forReading(
                            anchored.robotId(), readingOf(anchored.robotId(), gatewayBatch, anchored.batchId())));
                }
            }
            return certificate
                    .issuedAt(clock.instant())
                    .sign(identity.mspId(), identity.privateKey(), List.of(identity.certificate()));
        });
    }

    /**
     * The first Bitcoin anchor at or after the newest block the certificate names, with the headers
     * that chain that block to the anchored one; none when the channel has not anchored that far
     * yet, or the read model lacks a header between (blocks projected before it kept them).
     */
    private Optional<BitcoinAnchorRecord> bitcoinAnchor(long newestBlock) {
        Optional<JsonNode> found = state.bitcoinAnchorCovering(newestBlock).map(LedgerDocument::document);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode anchor = found.get();
        long anchored = anchor.get("fabricBlockNumber").asLong();
        List<FabricBlockHeader> headers = new ArrayList<>();
        for (BlockHeader header : state.headers(newestBlock, anchored)) {
            if (header.previousHash() == null || header.dataHash() == null) {
                return Optional.empty();
            }
            headers.add(new FabricBlockHeader(
                    header.number(), HEX.formatHex(header.previousHash()), HEX.formatHex(header.dataHash())));
        }
        if (headers.size() != anchored - newestBlock + 1) {
            return Optional.empty();
        }
        List<String> path = new ArrayList<>();
        anchor.get("merklePath").forEach(hash -> path.add(hash.asString()));
        return Optional.of(new BitcoinAnchorRecord(
                anchored,
                anchor.get("fabricBlockHash").asString(),
                anchor.get("txId").asString(),
                anchor.get("bitcoinTxid").asString(),
                anchor.get("bitcoinBlockHash").asString(),
                anchor.get("bitcoinBlockHeight").asLong(),
                BitcoinTransaction.fromHex(anchor.get("rawTransaction").asString()),
                new BitcoinMerklePath(anchor.get("transactionIndex").asLong(), path),
                headers));
    }

    private record Anchored(String goodId, String robotId, String batchId, String merkleRoot) {}

    private record LedgerAnchor(String batchId, String merkleRoot, String txId) {}

    private static void collect(
            JsonNode node,
            Map<String, Set<String>> transactionsByGood,
            Set<String> robotIds,
            Map<String, Anchored> anchoredProductions) {
        JsonNode good = node.get("good");
        String goodId = good.get("id").asString();
        Set<String> transactions = new LinkedHashSet<>();
        namedTransactions(good, transactions);
        transactionsByGood.put(goodId, transactions);
        String robotId = good.at("/production/robotId").asString();
        robotIds.add(robotId);
        JsonNode anchor = good.at("/production/telemetryAnchor");
        if (anchor.isObject()) {
            anchoredProductions.put(
                    goodId,
                    new Anchored(
                            goodId,
                            robotId,
                            anchor.get("batchId").asString(),
                            anchor.get("merkleRoot").asString()));
        }
        node.get("parts").forEach(part -> collect(part, transactionsByGood, robotIds, anchoredProductions));
    }

    /** The chaincode names the transaction of each event of a good in its "txId" and "...TxId" fields. */
    private static void namedTransactions(JsonNode json, Set<String> found) {
        if (json.isObject()) {
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                if ((field.getKey().equals("txId") || field.getKey().endsWith("TxId"))
                        && field.getValue().isString()) {
                    found.add(field.getValue().stringValue());
                } else {
                    namedTransactions(field.getValue(), found);
                }
            }
        } else if (json.isArray()) {
            json.forEach(element -> namedTransactions(element, found));
        }
    }

    private LedgerAnchor anchor(String batchId) {
        JsonNode anchor = state.entity("anchor", batchId)
                .map(LedgerDocument::document)
                .orElseThrow(() -> new CertificateIncompleteException(
                        "telemetry anchor " + batchId + " is not in the read model"));
        return new LedgerAnchor(
                batchId, anchor.get("merkleRoot").asString(), anchor.get("txId").asString());
    }

    /** This gateway's batch number of an anchor it submitted; another journal's batches cannot be proven from here. */
    private long gatewayBatch(LedgerAnchor anchor) {
        List<Long> batches = journal.queryForList(
                "SELECT batch_id FROM anchor_batches WHERE transaction_id = ?", Long.class, anchor.txId());
        if (batches.isEmpty()) {
            throw new CertificateIncompleteException(
                    "telemetry anchor " + anchor.batchId() + " (transaction " + anchor.txId()
                            + ") was not submitted from this gateway's journal: its readings cannot be proven here");
        }
        return batches.get(0);
    }

    private long readingOf(String robotId, long gatewayBatch, String batchId) {
        List<Long> readings = journal.queryForList(
                "SELECT first_reading_seq FROM envelopes WHERE batch_id = ?"
                        + " AND robot_id = ? AND message_type = 'TELEMETRY_WINDOW' ORDER BY batch_leaf_index LIMIT 1",
                Long.class,
                gatewayBatch,
                robotId);
        if (readings.isEmpty()) {
            throw new CertificateIncompleteException("batch " + batchId + " holds no reading of robot " + robotId
                    + ", which the ledger names for the production");
        }
        return readings.get(0);
    }

    private static TransactionPlace place(Map<String, TransactionPlace> places, String txId, String namedBy) {
        TransactionPlace place = places.get(txId);
        if (place == null) {
            throw new CertificateIncompleteException(
                    "transaction " + txId + " named by " + namedBy + " is not in the read model");
        }
        return place;
    }

    private static LedgerRecord record(String goodId, TransactionPlace place) {
        return new LedgerRecord(goodId, place.function(), place.transactionId(), place.blockNumber(), hash(place));
    }

    private static Optional<Digest> hash(TransactionPlace place) {
        return Optional.ofNullable(place.blockHeaderHash()).map(Digest::new);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
