package dev.robotledger.chaincode.bitcoin;

import dev.robotledger.chaincode.access.Caller;
import dev.robotledger.chaincode.access.OrgRole;
import dev.robotledger.chaincode.ledger.Refusals;
import dev.robotledger.chaincode.ledger.WorldState;
import dev.robotledger.chaincode.ledger.WriteOutcome;
import dev.robotledger.contract.ErrorCode;
import java.util.List;

/**
 * Records where the channel is anchored in Bitcoin. The operator (a manufacturer) writes its
 * newest block's hash into a Bitcoin transaction and records it here once mined; one anchor per
 * Fabric block, so a retry under a new event id is refused rather than listed twice.
 */
public final class BitcoinAnchors {

    public WriteOutcome record(WorldState state, Caller caller, BitcoinAnchorReport report) {
        caller.requireRole(OrgRole.MANUFACTURER, "anchor the ledger in Bitcoin");
        state.find(BitcoinAnchor.key(report.fabricBlockNumber()), BitcoinAnchor.class)
                .ifPresent(existing -> {
                    throw Refusals.of(
                            ErrorCode.BITCOIN_ANCHOR_ALREADY_RECORDED,
                            "Fabric block " + report.fabricBlockNumber()
                                    + " is anchored already, in Bitcoin transaction " + existing.bitcoinTxid()
                                    + " (recorded in "
                                    + existing.txId() + ")");
                });
        BitcoinAnchor anchor = new BitcoinAnchor(
                report.fabricBlockNumber(),
                report.fabricBlockHash(),
                report.bitcoinTxid(),
                report.bitcoinBlockHash(),
                report.bitcoinBlockHeight(),
                report.bitcoinBlockHeader(),
                report.rawTransaction(),
                report.transactionIndex(),
                report.merklePath(),
                caller.mspId(),
                state.txEpochMillis(),
                state.txId());
        state.put(BitcoinAnchor.key(anchor.fabricBlockNumber()), anchor);
        return new WriteOutcome("BitcoinAnchorRecorded", Long.toString(anchor.fabricBlockNumber()), List.of(), anchor);
    }

    public BitcoinAnchor get(WorldState state, long fabricBlockNumber) {
        return state.find(BitcoinAnchor.key(fabricBlockNumber), BitcoinAnchor.class)
                .orElseThrow(() -> Refusals.of(
                        ErrorCode.BITCOIN_ANCHOR_NOT_FOUND,
                        "Fabric block " + fabricBlockNumber + " is not anchored in Bitcoin"));
    }
}
