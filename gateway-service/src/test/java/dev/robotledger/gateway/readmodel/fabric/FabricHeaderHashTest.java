package dev.robotledger.gateway.readmodel.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import java.util.HexFormat;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/** The certificate verifier's header hash (contract-api, no ASN.1 library) is the read model's (Bouncy Castle's DER). */
class FabricHeaderHashTest {

    @Test
    void bothHashAHeaderAlike() {
        HexFormat hex = HexFormat.of();
        for (long number : new long[] {0, 1, 127, 128, 255, 256, 65_535, 1L << 40, Long.MAX_VALUE}) {
            for (String previous : new String[] {"", "ab".repeat(32)}) {
                String data = "0c".repeat(32);
                BlockHeader header = BlockHeader.newBuilder()
                        .setNumber(number)
                        .setPreviousHash(ByteString.copyFrom(hex.parseHex(previous)))
                        .setDataHash(ByteString.copyFrom(hex.parseHex(data)))
                        .build();

                assertThat(new FabricBlockHeader(number, previous, data).hash())
                        .as("block %d", number)
                        .isEqualTo(hex.formatHex(BlockDecoder.headerHash(header)));
            }
        }
    }
}
