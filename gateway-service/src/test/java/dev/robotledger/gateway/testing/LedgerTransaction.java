package dev.robotledger.gateway.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.robotledger.contract.ContractTransaction;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A chaincode transaction as a block holds it, decoded here with fabric-protos (not by the
 * gateway's own decoder): its id, its block, the validation code of the block's transactions
 * filter, the submitter's MSP, the chaincode function with its arguments, and the MSPs of the
 * peers whose endorsements it carries.
 */
public record LedgerTransaction(
        String transactionId,
        long blockNumber,
        TxValidationCode code,
        String creatorMspId,
        String chaincode,
        String function,
        List<String> args,
        List<String> endorserMspIds) {

    /** Whether this is a transaction of the provenance contract's {@code transaction}. */
    public boolean is(ContractTransaction transaction) {
        return transaction.functionName().equals(function);
    }

    /** The endorser transactions of {@code block}, in block order. */
    public static List<LedgerTransaction> of(Block block) {
        List<LedgerTransaction> transactions = new ArrayList<>();
        byte[] filter = block.getMetadata()
                .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                .toByteArray();
        try {
            for (int i = 0; i < block.getData().getDataCount(); i++) {
                Payload payload = Payload.parseFrom(
                        Envelope.parseFrom(block.getData().getData(i)).getPayload());
                ChannelHeader header =
                        ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                    continue;
                }
                String mspId = SerializedIdentity.parseFrom(
                                SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader())
                                        .getCreator())
                        .getMspid();
                ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(
                        Transaction.parseFrom(payload.getData()).getActions(0).getPayload());
                ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(
                        ChaincodeProposalPayload.parseFrom(action.getChaincodeProposalPayload())
                                .getInput());
                List<String> endorsers = new ArrayList<>();
                for (Endorsement endorsement : action.getAction().getEndorsementsList()) {
                    endorsers.add(SerializedIdentity.parseFrom(endorsement.getEndorser())
                            .getMspid());
                }
                List<String> input = invocation.getChaincodeSpec().getInput().getArgsList().stream()
                        .map(arg -> arg.toStringUtf8())
                        .toList();
                transactions.add(new LedgerTransaction(
                        header.getTxId(),
                        block.getHeader().getNumber(),
                        TxValidationCode.forNumber(filter[i]),
                        mspId,
                        invocation.getChaincodeSpec().getChaincodeId().getName(),
                        input.isEmpty() ? "" : input.get(0),
                        input.subList(Math.min(1, input.size()), input.size()),
                        endorsers));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("block " + block.getHeader().getNumber() + " does not decode", e);
        }
        return transactions;
    }
}
