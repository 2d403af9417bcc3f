package dev.robotledger.ledger.embedded;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** A block's hashes as Fabric computes them: what links each block to the one before. */
public final class BlockHashes {

    private BlockHashes() {}

    /** SHA-256 over the ASN.1 DER sequence (number, previous hash, data hash), as Fabric hashes a block header. */
    public static ByteString headerHash(BlockHeader header) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {
                        new ASN1Integer(header.getNumber()),
                        new DEROctetString(header.getPreviousHash().toByteArray()),
                        new DEROctetString(header.getDataHash().toByteArray())
                    })
                    .getEncoded(ASN1Encoding.DER);
            return ByteString.copyFrom(DecodedProposal.sha256(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over the concatenated data entries, as Fabric computes a block's data hash. */
    public static ByteString dataHash(BlockData data) {
        return ByteString.copyFrom(DecodedProposal.sha256(
                data.getDataList().stream().map(ByteString::toByteArray).toArray(byte[][]::new)));
    }
}
