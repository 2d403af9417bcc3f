package dev.robotledger.wire.certificate;

import dev.robotledger.wire.merkle.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * A telemetry anchor the provenance tree names, with the ledger transaction that recorded it, as
 * the issuer claims it (bound by its signature).
 *
 * @param batchId        the chaincode's batch id, as the tree's {@code telemetryAnchor.batchId}
 * @param merkleRoot     the anchored batch root, as the tree's {@code telemetryAnchor.merkleRoot}
 * @param gatewayBatchId the gateway's number of the same batch, the {@code batch.batchId} its
 *                       reading inclusion proofs carry
 * @param transactionId  the {@code RecordAnchor} transaction
 * @param blockNumber    the block that holds it
 * @param blockHash      the SHA-256 of that block's header, when the issuer read it from the block
 */
public record AnchorRecord(
        String batchId,
        Digest merkleRoot,
        long gatewayBatchId,
        String transactionId,
        long blockNumber,
        Optional<Digest> blockHash) {

    public AnchorRecord {
        LedgerRecord.requireMatch("batchId", batchId, LedgerRecord.ID);
        Objects.requireNonNull(merkleRoot, () -> "merkleRoot of batch " + batchId);
        LedgerRecord.requireMatch("transactionId", transactionId, LedgerRecord.TRANSACTION_ID);
        Objects.requireNonNull(blockHash, "blockHash (use Optional.empty())");
        if (gatewayBatchId < 0 || gatewayBatchId > (1L << 53) - 1) {
            throw new IllegalArgumentException(
                    "gateway batch id of batch " + batchId + " must be between 0 and 2^53-1, got " + gatewayBatchId);
        }
        LedgerRecord.requireBlockNumber(transactionId, blockNumber);
    }
}
