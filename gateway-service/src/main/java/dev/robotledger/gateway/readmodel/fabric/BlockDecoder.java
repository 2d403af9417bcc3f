package dev.robotledger.gateway.readmodel.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.StateWrite;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
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
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Reads from a committed block what the read model needs: the valid endorser transactions of one
 * chaincode, each with its public world-state writes (private data reaches a block only as
 * hashes and is left out). The validation code of each transaction comes from the block's
 * transactions filter, which the committing peer sets: an invalid transaction wrote nothing.
 */
public final class BlockDecoder {

    private static final char COMPOSITE_KEY_SEPARATOR = '\u0000';

    private final String chaincode;

    public BlockDecoder(String chaincode) {
        this.chaincode = chaincode;
    }

    /** @throws MalformedBlockException when the block is not one a peer delivers (a bug or a foreign stream) */
    public LedgerBlock decode(Block block) {
        long number = block.getHeader().getNumber();
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                : ByteString.EMPTY;
        if (filter.size() != block.getData().getDataCount()) {
            throw new MalformedBlockException("block " + number + " has "
                    + block.getData().getDataCount() + " transactions but a transactions filter of " + filter.size());
        }
        List<CommittedTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (filter.byteAt(i) != TxValidationCode.VALID_VALUE) {
                continue;
            }
            try {
                transaction(i, Envelope.parseFrom(block.getData().getData(i))).ifPresent(transactions::add);
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedBlockException("block " + number + ", transaction " + i + ": " + e.getMessage(), e);
            }
        }
        return new LedgerBlock(
                number,
                headerHash(block.getHeader()),
                block.getHeader().getPreviousHash().toByteArray(),
                block.getHeader().getDataHash().toByteArray(),
                transactions);
    }

    /** SHA-256 over the DER sequence (number, previous hash, data hash): how Fabric hashes a block header. */
    static byte[] headerHash(BlockHeader header) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {
                        new ASN1Integer(header.getNumber()),
                        new DEROctetString(header.getPreviousHash().toByteArray()),
                        new DEROctetString(header.getDataHash().toByteArray())
                    })
                    .getEncoded(ASN1Encoding.DER);
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the header of block " + header.getNumber(), e);
        }
    }

    private Optional<CommittedTransaction> transaction(int index, Envelope envelope)
            throws InvalidProtocolBufferException {
        Payload payload = Payload.parseFrom(envelope.getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return Optional.empty();
        }
        String creatorMspId = SerializedIdentity.parseFrom(
                        SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader())
                                .getCreator())
                .getMspid();
        String function = null;
        List<StateWrite> writes = new ArrayList<>();
        for (TransactionAction action : Transaction.parseFrom(payload.getData()).getActionsList()) {
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(
                    ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload())
                            .getExtension());
            if (!chaincode.equals(chaincodeAction.getChaincodeId().getName())) {
                continue;
            }
            function = function(actionPayload);
            for (NsReadWriteSet namespace :
                    TxReadWriteSet.parseFrom(chaincodeAction.getResults()).getNsRwsetList()) {
                if (chaincode.equals(namespace.getNamespace())) {
                    for (KVWrite write : KVRWSet.parseFrom(namespace.getRwset()).getWritesList()) {
                        writes.add(write(write));
                    }
                }
            }
        }
        if (function == null) {
            return Optional.empty();
        }
        Instant timestamp = Instant.ofEpochSecond(
                header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
        return Optional.of(
                new CommittedTransaction(index, header.getTxId(), timestamp, creatorMspId, function, writes));
    }

    private static String function(ChaincodeActionPayload actionPayload) throws InvalidProtocolBufferException {
        ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(
                ChaincodeProposalPayload.parseFrom(actionPayload.getChaincodeProposalPayload())
                        .getInput());
        List<ByteString> args = invocation.getChaincodeSpec().getInput().getArgsList();
        if (args.isEmpty()) {
            return "";
        }
        // The contract API also accepts "<contract>:<function>".
        String name = args.get(0).toStringUtf8();
        return name.substring(name.indexOf(':') + 1);
    }

    /** A composite key is U+0000, the object type and each attribute, each followed by U+0000. */
    static StateWrite write(KVWrite write) {
        byte[] value = write.getIsDelete() ? null : write.getValue().toByteArray();
        String key = write.getKey();
        if (key.isEmpty() || key.charAt(0) != COMPOSITE_KEY_SEPARATOR) {
            return new StateWrite("", List.of(key), value);
        }
        String[] parts = key.substring(1).split(String.valueOf(COMPOSITE_KEY_SEPARATOR), -1);
        if (parts.length < 2 || !parts[parts.length - 1].isEmpty()) {
            throw new MalformedBlockException(
                    "composite key " + key.replace(COMPOSITE_KEY_SEPARATOR, '|') + " does not end with its separator");
        }
        return new StateWrite(parts[0], Arrays.asList(parts).subList(1, parts.length - 1), value);
    }
}
