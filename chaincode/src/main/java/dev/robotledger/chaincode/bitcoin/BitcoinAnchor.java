package dev.robotledger.chaincode.bitcoin;

import dev.robotledger.chaincode.ledger.StateKey;
import java.util.List;

/**
 * A Fabric block anchored in Bitcoin, with the proof the chaincode checked, stored under
 * {@code bitcoinAnchor/<fabricBlockNumber>}.
 */
public record BitcoinAnchor(
        long fabricBlockNumber,
        String fabricBlockHash,
        String bitcoinTxid,
        String bitcoinBlockHash,
        long bitcoinBlockHeight,
        String bitcoinBlockHeader,
        String rawTransaction,
        long transactionIndex,
        List<String> merklePath,
        String submittedByOrg,
        long recordedAtEpochMillis,
        String txId) {

    public BitcoinAnchor {
        merklePath = List.copyOf(merklePath);
    }

    static StateKey key(long fabricBlockNumber) {
        return StateKey.of("bitcoinAnchor", Long.toString(fabricBlockNumber));
    }
}
