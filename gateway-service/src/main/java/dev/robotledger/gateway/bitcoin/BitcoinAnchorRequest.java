package dev.robotledger.gateway.bitcoin;

import java.util.List;

/**
 * The contract's {@code RecordBitcoinAnchor} request: a Fabric block in a mined Bitcoin transaction's
 * OP_RETURN, and the proof (chaincode/README.md, "Bitcoin anchors"). Hashes as Bitcoin shows them.
 */
public record BitcoinAnchorRequest(
        long fabricBlockNumber,
        String fabricBlockHash,
        String bitcoinTxid,
        String bitcoinBlockHash,
        long bitcoinBlockHeight,
        String bitcoinBlockHeader,
        String rawTransaction,
        long transactionIndex,
        List<String> merklePath) {

    public BitcoinAnchorRequest {
        merklePath = List.copyOf(merklePath);
    }
}
