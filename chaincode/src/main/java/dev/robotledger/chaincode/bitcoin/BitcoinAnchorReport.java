package dev.robotledger.chaincode.bitcoin;

import dev.robotledger.chaincode.ledger.Fields;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.bitcoin.BitcoinFormatException;
import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.LedgerAnchorScript;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The RecordBitcoinAnchor argument: a Fabric block (number and header hash) written into a Bitcoin
 * transaction's OP_RETURN ({@code LedgerAnchorScript}), and the proof that the transaction is in a
 * Bitcoin block: the raw transaction, the block's 80-byte header, the transaction's position and
 * merkle path. The proof is checked here; that the Fabric hash is the block's real header hash is
 * not (a chaincode sees no blocks): a verifier chains Fabric headers to it.
 */
public record BitcoinAnchorReport(
        Long fabricBlockNumber,
        String fabricBlockHash,
        String bitcoinTxid,
        String bitcoinBlockHash,
        Long bitcoinBlockHeight,
        String bitcoinBlockHeader,
        String rawTransaction,
        Long transactionIndex,
        List<String> merklePath) {

    /** A standard transaction stays far below this (an anchor with one input is ~230 bytes). */
    public static final int MAX_RAW_TRANSACTION_HEX = 200_000;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public BitcoinAnchorReport {
        long block = Fields.requirePresent("fabricBlockNumber", fabricBlockNumber);
        if (block < 0) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, "fabricBlockNumber must be >= 0, was " + block);
        }
        Fields.requireSha256Hex("fabricBlockHash", fabricBlockHash);
        Fields.requireSha256Hex("bitcoinTxid", bitcoinTxid);
        Fields.requireSha256Hex("bitcoinBlockHash", bitcoinBlockHash);
        if (Fields.requirePresent("bitcoinBlockHeight", bitcoinBlockHeight) < 0) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, "bitcoinBlockHeight must be >= 0, was " + bitcoinBlockHeight);
        }
        requireHex("bitcoinBlockHeader", bitcoinBlockHeader, 2 * BitcoinHeader.LENGTH, 2 * BitcoinHeader.LENGTH);
        requireHex("rawTransaction", rawTransaction, 2, MAX_RAW_TRANSACTION_HEX);
        Fields.requirePresent("transactionIndex", transactionIndex);
        merklePath = Fields.copyOrEmpty(merklePath);
        if (merklePath.size() > BitcoinMerklePath.MAX_DEPTH) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "merklePath has " + merklePath.size() + " hashes; at most " + BitcoinMerklePath.MAX_DEPTH
                            + " are allowed");
        }
        merklePath.forEach(hash -> Fields.requireSha256Hex("merklePath[]", hash));
        requireProof(
                fabricBlockNumber,
                fabricBlockHash,
                bitcoinTxid,
                bitcoinBlockHash,
                bitcoinBlockHeader,
                rawTransaction,
                transactionIndex,
                merklePath);
    }

    private static void requireProof(
            long fabricBlockNumber,
            String fabricBlockHash,
            String bitcoinTxid,
            String bitcoinBlockHash,
            String headerHex,
            String rawTransaction,
            long transactionIndex,
            List<String> path) {
        String refusal = "the Bitcoin anchor of Fabric block " + fabricBlockNumber + ": ";
        try {
            BitcoinHeader header = BitcoinHeader.fromHex(headerHex);
            if (!header.blockHash().equals(bitcoinBlockHash)) {
                throw Refusals.of(
                        ErrorCode.BITCOIN_PROOF_INVALID,
                        refusal + "the header hashes to " + header.blockHash() + ", not to bitcoinBlockHash "
                                + bitcoinBlockHash);
            }
            if (!header.meetsItsTarget()) {
                throw Refusals.of(
                        ErrorCode.BITCOIN_PROOF_INVALID,
                        refusal + "header " + bitcoinBlockHash
                                + " does not meet the proof-of-work target its bits state");
            }
            BitcoinTransaction transaction = BitcoinTransaction.fromHex(rawTransaction);
            if (!transaction.txid().equals(bitcoinTxid)) {
                throw Refusals.of(
                        ErrorCode.BITCOIN_PROOF_INVALID,
                        refusal + "rawTransaction is transaction " + transaction.txid() + ", not bitcoinTxid "
                                + bitcoinTxid);
            }
            LedgerAnchorScript expected = new LedgerAnchorScript(fabricBlockNumber, fabricBlockHash);
            if (!LedgerAnchorScript.in(transaction).contains(expected)) {
                throw Refusals.of(
                        ErrorCode.BITCOIN_PROOF_INVALID,
                        refusal + "transaction " + bitcoinTxid
                                + " carries no OP_RETURN of block " + fabricBlockNumber + " with hash "
                                + fabricBlockHash
                                + " (it carries " + LedgerAnchorScript.in(transaction) + ")");
            }
            String root = new BitcoinMerklePath(transactionIndex, path).rootFrom(bitcoinTxid);
            if (!root.equals(header.merkleRoot())) {
                throw Refusals.of(
                        ErrorCode.BITCOIN_PROOF_INVALID,
                        refusal + "the merkle path of transaction " + transactionIndex + " leads to " + root
                                + ", the header's merkle root is " + header.merkleRoot());
            }
        } catch (BitcoinFormatException malformed) {
            throw Refusals.of(ErrorCode.INVALID_ARGUMENT, refusal + malformed.getMessage());
        }
    }

    private static void requireHex(String field, String value, int minLength, int maxLength) {
        Fields.requirePresent(field, value);
        if (value.length() < minLength
                || value.length() > maxLength
                || value.length() % 2 != 0
                || !HEX.matcher(value).matches()) {
            throw Refusals.of(
                    ErrorCode.INVALID_ARGUMENT,
                    field + " must be "
                            + (minLength == maxLength ? minLength : "an even number of " + minLength + ".." + maxLength)
                            + " lower-case hex characters");
        }
    }
}
