package dev.robotledger.gateway.bitcoin;

import dev.robotledger.contract.ErrorCode;
import dev.robotledger.contract.bitcoin.BitcoinBlock;
import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.LedgerAnchorScript;
import dev.robotledger.gateway.ledger.ChaincodeRefusedException;
import dev.robotledger.gateway.lightning.OnChainWallet;
import dev.robotledger.gateway.lightning.WalletTransaction;
import dev.robotledger.gateway.readmodel.LedgerDocument;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.LedgerState.BlockHeader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors the channel in Bitcoin, one round at a time: when due, writes the newest projected
 * block's header hash into an OP_RETURN transaction from the node's wallet, labelled with the block;
 * once a block holds it, records the anchor with its proof on the ledger. Everything it needs to
 * resume lives in the wallet (the labelled transaction) and on the ledger (the anchors), so a
 * restart at any point neither loses an anchor nor sends a second transaction for the same block.
 */
public final class LedgerAnchoring {

    /** How a round ended. */
    public enum Outcome {
        NOT_DUE,
        SENT,
        AWAITING_BLOCK,
        RECORDED
    }

    private static final Logger log = LoggerFactory.getLogger(LedgerAnchoring.class);
    private static final HexFormat HEX = HexFormat.of();

    private final LedgerState state;
    private final OnChainWallet wallet;
    private final BitcoinAnchorLedger ledger;
    private final BitcoinAnchoringProperties properties;
    private final String channel;
    private final Clock clock;
    private final Pattern label;
    /** The highest block this gateway recorded an anchor of, which its read model may not show yet. */
    private volatile long recordedUpTo = -1;

    public LedgerAnchoring(
            LedgerState state,
            OnChainWallet wallet,
            BitcoinAnchorLedger ledger,
            BitcoinAnchoringProperties properties,
            String channel,
            Clock clock) {
        this.state = state;
        this.wallet = wallet;
        this.ledger = ledger;
        this.properties = properties;
        this.channel = channel;
        this.clock = clock;
        this.label = Pattern.compile(Pattern.quote(labelPrefix()) + "(\\d+)");
    }

    /** One round; the polling thread logs what fails and tries again next round. */
    public Outcome round() {
        Optional<LedgerDocument> last = state.newestBitcoinAnchor();
        long anchoredUpTo = last.map(
                        anchor -> anchor.document().get("fabricBlockNumber").asLong())
                .orElse(-1L);
        if (recordedUpTo > anchoredUpTo) {
            return Outcome.NOT_DUE;
        }
        Optional<WalletTransaction> inFlight = wallet.transactions().stream()
                .filter(tx ->
                        anchoredBlock(tx).filter(block -> block > anchoredUpTo).isPresent())
                .max(Comparator.comparingLong(tx -> anchoredBlock(tx).orElseThrow()));
        if (inFlight.isPresent()) {
            return record(inFlight.get());
        }
        Optional<BlockHeader> newest = state.newestBlock();
        if (newest.isEmpty() || !due(newest.get(), last)) {
            return Outcome.NOT_DUE;
        }
        BlockHeader block = newest.get();
        LedgerAnchorScript anchor = new LedgerAnchorScript(block.number(), HEX.formatHex(block.headerHash()));
        byte[] sent = wallet.sendZeroValueOutput(
                anchor.script(), labelPrefix() + block.number(), properties.feeRateSatPerVbyte());
        log.info(
                "anchoring block {} of {} ({}) in Bitcoin transaction {}",
                block.number(),
                channel,
                anchor.fabricBlockHash(),
                BitcoinTransaction.parse(sent).txid());
        return Outcome.SENT;
    }

    /**
     * Due once the channel grew {@code everyBlocks} past the block that recorded the last anchor, or
     * grew at all and {@code every} has passed since that record: the record's own block never
     * makes the next anchor due, and an idle channel is not anchored again.
     */
    private boolean due(BlockHeader newest, Optional<LedgerDocument> last) {
        if (last.isEmpty()) {
            return true;
        }
        long recordedIn = last.get().blockNumber();
        if (newest.number() <= recordedIn) {
            return false;
        }
        Instant recordedAt = Instant.ofEpochMilli(
                last.get().document().get("recordedAtEpochMillis").asLong());
        return newest.number() - recordedIn >= properties.everyBlocks()
                || !Duration.between(recordedAt, clock.instant())
                        .minus(properties.every())
                        .isNegative();
    }

    private Outcome record(WalletTransaction transaction) {
        if (transaction.blockHash().isEmpty()) {
            return Outcome.AWAITING_BLOCK;
        }
        String blockHash = transaction.blockHash().get();
        BitcoinBlock block = BitcoinBlock.parse(wallet.rawBlock(blockHash));
        int index = block.txids().indexOf(transaction.txid());
        if (index < 0 || !block.header().blockHash().equals(blockHash)) {
            throw new IllegalStateException("block " + blockHash + " as the node serves it does not hold transaction "
                    + transaction.txid() + ", which the wallet says it does");
        }
        BitcoinTransaction mined = block.transactions().get(index);
        LedgerAnchorScript anchor = LedgerAnchorScript.in(mined).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wallet transaction " + transaction.txid() + " labelled "
                        + transaction.label() + " carries no ledger anchor"));
        BitcoinAnchorRequest request = new BitcoinAnchorRequest(
                anchor.fabricBlockNumber(),
                anchor.fabricBlockHash(),
                mined.txid(),
                blockHash,
                transaction.blockHeight(),
                block.header().hex(),
                mined.hex(),
                index,
                BitcoinMerklePath.of(block.txids(), index).siblings());
        String eventId = "bitcoin-anchor-" + anchor.fabricBlockNumber() + "-" + mined.txid();
        try {
            String recordedIn = ledger.record(eventId, request);
            recordedUpTo = anchor.fabricBlockNumber();
            log.info(
                    "block {} of {} anchored in Bitcoin block {} (height {}), recorded in {}",
                    anchor.fabricBlockNumber(),
                    channel,
                    blockHash,
                    transaction.blockHeight(),
                    recordedIn);
        } catch (ChaincodeRefusedException refused) {
            if (refused.code() != ErrorCode.BITCOIN_ANCHOR_ALREADY_RECORDED) {
                throw refused;
            }
            // Another transaction anchored the block first (sent before a restart lost track of it): that one stands.
            log.warn(
                    "block {} of {} was anchored already; Bitcoin transaction {} stays unrecorded: {}",
                    anchor.fabricBlockNumber(),
                    channel,
                    mined.txid(),
                    refused.detail());
        }
        return Outcome.RECORDED;
    }

    private Optional<Long> anchoredBlock(WalletTransaction transaction) {
        Matcher matcher = label.matcher(transaction.label());
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    private String labelPrefix() {
        return "robotledger-anchor " + channel + " ";
    }
}
