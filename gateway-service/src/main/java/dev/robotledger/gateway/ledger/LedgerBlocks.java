package dev.robotledger.gateway.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;

/**
 * Reads the peer's block store through the {@code qscc} system chaincode. Used after a replay:
 * the chaincode's answer names the transaction that did the write, and this finds its block.
 */
public final class LedgerBlocks {

    public static final String QSCC = "qscc";
    static final String GET_BLOCK_BY_TX_ID = "GetBlockByTxID";

    private LedgerBlocks() {
    }

    /** An answer from the peer that the gateway cannot use (not a block, or not the one asked for). */
    public static final class UnusableAnswerException extends RuntimeException {
        UnusableAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The number of the block holding {@code txId}.
     *
     * @param qscc the channel's {@code qscc} contract ({@code network.getContract(LedgerBlocks.QSCC)})
     * @throws LedgerCallFailedException when the evaluation failed (phase {@code EVALUATE})
     * @throws UnusableAnswerException   when the answer is not a block holding the transaction
     */
    public static long blockOf(Contract qscc, String channel, String txId) {
        byte[] bytes;
        try {
            bytes = qscc.evaluateTransaction(GET_BLOCK_BY_TX_ID, channel, txId);
        } catch (GatewayException e) {
            throw new LedgerCallFailedException(LedgerCallFailedException.Phase.EVALUATE, txId, e);
        }
        try {
            Block block = Block.parseFrom(bytes);
            for (ByteString data : block.getData().getDataList()) {
                Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
                if (ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId().equals(txId)) {
                    return block.getHeader().getNumber();
                }
            }
            throw new UnusableAnswerException("qscc " + GET_BLOCK_BY_TX_ID + " answered block "
                    + block.getHeader().getNumber() + " for transaction " + txId + ", which does not hold it", null);
        } catch (InvalidProtocolBufferException e) {
            throw new UnusableAnswerException("qscc " + GET_BLOCK_BY_TX_ID + " for transaction " + txId
                    + " answered no block: " + e.getMessage(), e);
        }
    }
}
