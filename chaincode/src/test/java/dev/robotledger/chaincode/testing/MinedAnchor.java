package dev.robotledger.chaincode.testing;

import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.LedgerAnchorScript;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Bitcoin block mined here, at regtest difficulty, holding a transaction whose OP_RETURN anchors
 * a Fabric block between two other transactions: a {@code RecordBitcoinAnchor} request whose proof
 * holds, made with contract-api's own Bitcoin code (its tests check that code on real blocks).
 */
public final class MinedAnchor {

    private static final HexFormat HEX = HexFormat.of();
    private static final long REGTEST_BITS = 0x207fffffL;

    private MinedAnchor() {}

    public static Map<String, Object> request(long fabricBlockNumber, String fabricBlockHash) {
        BitcoinTransaction anchor = BitcoinTransaction.parse(
                transaction(new LedgerAnchorScript(fabricBlockNumber, fabricBlockHash).script()));
        List<String> txids = List.of("11".repeat(32), anchor.txid(), "22".repeat(32));
        BitcoinMerklePath path = BitcoinMerklePath.of(txids, 1);
        BitcoinHeader header = mine(path.rootFrom(anchor.txid()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("fabricBlockNumber", fabricBlockNumber);
        request.put("fabricBlockHash", fabricBlockHash);
        request.put("bitcoinTxid", anchor.txid());
        request.put("bitcoinBlockHash", header.blockHash());
        request.put("bitcoinBlockHeight", 120L);
        request.put("bitcoinBlockHeader", header.hex());
        request.put("rawTransaction", anchor.hex());
        request.put("transactionIndex", 1L);
        request.put("merklePath", path.siblings());
        return request;
    }

    /** Version 2, one input (a made-up outpoint), one output: the script, no value; no witness. */
    private static byte[] transaction(byte[] outputScript) {
        ByteArrayOutputStream tx = new ByteArrayOutputStream();
        tx.writeBytes(HEX.parseHex(
                "02000000" + "01" + "33".repeat(32) + "00000000" + "00" + "ffffffff" + "01" + "0000000000000000"));
        tx.write(outputScript.length);
        tx.writeBytes(outputScript);
        tx.writeBytes(HEX.parseHex("00000000"));
        return tx.toByteArray();
    }

    private static BitcoinHeader mine(String merkleRootShown) {
        byte[] root = HEX.parseHex(merkleRootShown);
        for (int i = 0; i < 16; i++) {
            byte swap = root[i];
            root[i] = root[31 - i];
            root[31 - i] = swap;
        }
        for (int nonce = 0; ; nonce++) {
            ByteBuffer header = ByteBuffer.allocate(BitcoinHeader.LENGTH)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x20000000)
                    .put(new byte[32])
                    .put(root)
                    .putInt(1_772_438_400)
                    .putInt((int) REGTEST_BITS)
                    .putInt(nonce);
            BitcoinHeader mined = BitcoinHeader.of(header.array());
            if (mined.meetsItsTarget()) {
                return mined;
            }
        }
    }
}
