package dev.robotledger.gateway.lightning;

import java.util.List;

/**
 * The on-chain side of this party's node: its Bitcoin wallet and the chain it follows. Calls block
 * until the node answers; failures are {@link LightningException}s.
 */
public interface OnChainWallet {

    /**
     * Sends a transaction from the wallet's confirmed coins with one output of no value locked by
     * {@code script} (an OP_RETURN), plus change; the wallet keeps {@code label} with it.
     *
     * @return the transaction as broadcast, serialised
     */
    byte[] sendZeroValueOutput(byte[] script, String label, long satPerVbyte);

    /** The wallet's transactions, mined or not. */
    List<WalletTransaction> transactions();

    /** A block of the chain the node follows, serialised; {@code blockHash} as Bitcoin shows it. */
    byte[] rawBlock(String blockHash);
}
