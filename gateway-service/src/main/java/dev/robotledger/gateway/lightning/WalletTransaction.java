package dev.robotledger.gateway.lightning;

import java.util.Optional;

/**
 * A transaction of the node's wallet.
 *
 * @param txid          as Bitcoin shows it
 * @param label         what the wallet was told to keep with it, or empty text
 * @param blockHash     the block that holds it, once mined
 * @param blockHeight   that block's height, 0 before
 * @param rawTransaction serialised, as lnd holds it
 */
public record WalletTransaction(
        String txid, String label, Optional<String> blockHash, long blockHeight, byte[] rawTransaction) {

    public WalletTransaction {
        rawTransaction = rawTransaction.clone();
    }

    @Override
    public byte[] rawTransaction() {
        return rawTransaction.clone();
    }
}
