package dev.robotledger.ledger.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * A transaction proposal as a peer reads it: headers, creator, chaincode input and transient
 * map, and whether the client's signature verifies under the creator's certificate.
 */
record DecodedProposal(
        Proposal proposal,
        ChannelHeader channelHeader,
        SignatureHeader signatureHeader,
        ChaincodeHeaderExtension extension,
        SerializedIdentity creator,
        List<String> input,
        Map<String, byte[]> transientMap,
        boolean signatureValid) {

    private static final SecureRandom NONCES = new SecureRandom();

    static DecodedProposal of(SignedProposal signed) throws InvalidProtocolBufferException {
        Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
        Header header = Header.parseFrom(proposal.getHeader());
        ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader());
        SignatureHeader signatureHeader = SignatureHeader.parseFrom(header.getSignatureHeader());
        SerializedIdentity creator = SerializedIdentity.parseFrom(signatureHeader.getCreator());
        ChaincodeProposalPayload payload = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
        ChaincodeInvocationSpec invocation = ChaincodeInvocationSpec.parseFrom(payload.getInput());
        List<String> input = invocation.getChaincodeSpec().getInput().getArgsList().stream()
                .map(ByteString::toStringUtf8)
                .toList();
        Map<String, byte[]> transientMap = new HashMap<>();
        payload.getTransientMapMap().forEach((name, value) -> transientMap.put(name, value.toByteArray()));
        return new DecodedProposal(
                proposal,
                channelHeader,
                signatureHeader,
                ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension()),
                creator,
                input,
                Map.copyOf(transientMap),
                verifies(creator, signed.getProposalBytes(), signed.getSignature()));
    }

    /**
     * An unsigned proposal of another client of the channel, built the way a client SDK builds
     * one (a fresh nonce, the transaction id derived from nonce and creator as Fabric derives it).
     */
    static DecodedProposal unsigned(
            String channel, String chaincode, byte[] creatorBytes, List<String> input, Instant timestamp) {
        return unsigned(channel, chaincode, creatorBytes, input, Map.of(), timestamp);
    }

    static DecodedProposal unsigned(
            String channel,
            String chaincode,
            byte[] creatorBytes,
            List<String> input,
            Map<String, byte[]> transientMap,
            Instant timestamp) {
        byte[] nonce = new byte[24];
        NONCES.nextBytes(nonce);
        String txId = HexFormat.of().formatHex(sha256(nonce, creatorBytes));
        ChaincodeID chaincodeId = ChaincodeID.newBuilder().setName(chaincode).build();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(channel)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(timestamp.getEpochSecond())
                        .setNanos(timestamp.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder()
                        .setChaincodeId(chaincodeId)
                        .build()
                        .toByteString())
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(creatorBytes))
                .setNonce(ByteString.copyFrom(nonce))
                .build();
        ChaincodeInput.Builder args = ChaincodeInput.newBuilder();
        input.forEach(arg -> args.addArgs(ByteString.copyFromUtf8(arg)));
        ChaincodeProposalPayload payload = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder()
                        .setChaincodeSpec(ChaincodeSpec.newBuilder()
                                .setChaincodeId(chaincodeId)
                                .setInput(args))
                        .build()
                        .toByteString())
                .build();
        Proposal proposal = Proposal.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString())
                        .build()
                        .toByteString())
                .setPayload(payload.toByteString())
                .build();
        try {
            return new DecodedProposal(
                    proposal,
                    channelHeader,
                    signatureHeader,
                    ChaincodeHeaderExtension.parseFrom(channelHeader.getExtension()),
                    SerializedIdentity.parseFrom(creatorBytes),
                    List.copyOf(input),
                    Map.copyOf(transientMap),
                    false);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a serialized identity", e);
        }
    }

    String transactionId() {
        return channelHeader.getTxId();
    }

    String channel() {
        return channelHeader.getChannelId();
    }

    String chaincode() {
        return extension.getChaincodeId().getName();
    }

    String function() {
        return input.isEmpty() ? "" : input.get(0);
    }

    List<String> args() {
        return input.isEmpty() ? List.of() : input.subList(1, input.size());
    }

    Instant timestamp() {
        return Instant.ofEpochSecond(
                channelHeader.getTimestamp().getSeconds(),
                channelHeader.getTimestamp().getNanos());
    }

    byte[] creatorBytes() {
        return signatureHeader.getCreator().toByteArray();
    }

    /** Whether an envelope (a submitted transaction, a deliver request) is signed by its creator's key. */
    static boolean signedByCreator(Envelope envelope) {
        try {
            Payload payload = Payload.parseFrom(envelope.getPayload());
            SerializedIdentity creator = SerializedIdentity.parseFrom(
                    SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader())
                            .getCreator());
            return verifies(creator, envelope.getPayload(), envelope.getSignature());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    static boolean verifies(SerializedIdentity creator, ByteString message, ByteString signature) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(creator.getIdBytes().toByteArray()));
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message.toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
