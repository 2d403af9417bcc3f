package dev.robotledger.gateway.readmodel.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.robotledger.gateway.readmodel.StateWrite;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Blocks laid out as a committing peer delivers them, for decoder tests: envelopes, rwsets, transactions filter. */
final class TestBlocks {

    /** One transaction of a test block. */
    record Tx(
            String txId,
            String chaincode,
            String function,
            String creatorMspId,
            List<StateWrite> writes,
            TxValidationCode code,
            HeaderType type) {

        static Tx valid(String txId, String function, StateWrite... writes) {
            return new Tx(
                    txId,
                    "provenance",
                    function,
                    "ManufacturerMSP",
                    List.of(writes),
                    TxValidationCode.VALID,
                    HeaderType.ENDORSER_TRANSACTION);
        }

        Tx withCode(TxValidationCode other) {
            return new Tx(txId, chaincode, function, creatorMspId, writes, other, type);
        }

        Tx ofChaincode(String other) {
            return new Tx(txId, other, function, creatorMspId, writes, code, type);
        }

        Tx ofType(HeaderType other) {
            return new Tx(txId, chaincode, function, creatorMspId, writes, code, other);
        }
    }

    private TestBlocks() {}

    static Block block(long number, Tx... transactions) {
        BlockData.Builder data = BlockData.newBuilder();
        byte[] filter = new byte[transactions.length];
        for (int i = 0; i < transactions.length; i++) {
            data.addData(envelope(transactions[i]).toByteString());
            filter[i] = (byte) transactions[i].code().getNumber();
        }
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int slot = 0; slot < 5; slot++) {
            metadata.addMetadata(slot == 2 ? ByteString.copyFrom(filter) : ByteString.EMPTY);
        }
        return Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(data)
                .setMetadata(metadata)
                .build();
    }

    static String compositeKey(String objectType, String... attributes) {
        StringBuilder key = new StringBuilder("\u0000").append(objectType).append('\u0000');
        for (String attribute : attributes) {
            key.append(attribute).append('\u0000');
        }
        return key.toString();
    }

    private static Envelope envelope(Tx tx) {
        KVRWSet.Builder kv = KVRWSet.newBuilder();
        for (StateWrite write : tx.writes()) {
            KVWrite.Builder kvWrite = KVWrite.newBuilder()
                    .setKey(compositeKey(write.objectType(), write.attributes().toArray(String[]::new)));
            if (write.isDelete()) {
                kvWrite.setIsDelete(true);
            } else {
                kvWrite.setValue(ByteString.copyFrom(write.value()));
            }
            kv.addWrites(kvWrite);
        }
        List<NsReadWriteSet> namespaces = new ArrayList<>();
        namespaces.add(NsReadWriteSet.newBuilder().setNamespace("_lifecycle").build());
        namespaces.add(NsReadWriteSet.newBuilder()
                .setNamespace(tx.chaincode())
                .setRwset(kv.build().toByteString())
                .build());
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setChaincodeId(ChaincodeID.newBuilder().setName(tx.chaincode()))
                .setResults(TxReadWriteSet.newBuilder()
                        .addAllNsRwset(namespaces)
                        .build()
                        .toByteString())
                .build();
        ChaincodeProposalPayload proposalPayload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder()
                        .setChaincodeSpec(ChaincodeSpec.newBuilder()
                                .setInput(ChaincodeInput.newBuilder()
                                        .addArgs(ByteString.copyFromUtf8(tx.function()))
                                        .addArgs(ByteString.copyFromUtf8("evt-" + tx.txId()))))
                        .build()
                        .toByteString())
                .build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(proposalPayload.toByteString())
                .setAction(ChaincodeEndorsedAction.newBuilder()
                        .setProposalResponsePayload(ProposalResponsePayload.newBuilder()
                                .setExtension(action.toByteString())
                                .build()
                                .toByteString()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(SerializedIdentity.newBuilder()
                        .setMspid(tx.creatorMspId())
                        .build()
                        .toByteString())
                .build();
        Header header = Header.newBuilder()
                .setChannelHeader(ChannelHeader.newBuilder()
                        .setType(tx.type().getNumber())
                        .setTxId(tx.txId())
                        .setChannelId("provenance")
                        .setTimestamp(Timestamp.newBuilder().setSeconds(1_772_438_400L))
                        .build()
                        .toByteString())
                .setSignatureHeader(signatureHeader.toByteString())
                .build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(signatureHeader.toByteString())
                        .setPayload(actionPayload.toByteString()))
                .build();
        return Envelope.newBuilder()
                .setPayload(Payload.newBuilder()
                        .setHeader(header)
                        .setData(transaction.toByteString())
                        .build()
                        .toByteString())
                .build();
    }
}
