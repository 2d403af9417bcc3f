package dev.robotledger.contract.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against real blocks: Bitcoin's mainnet genesis header, and a regtest block (resource
 * {@code bitcoin/regtest-block.hex}, from lnd's ChainKit) that holds a coinbase, a SegWit payment
 * and a ledger anchor sent through lnd's wallet; its hash and the anchor's txid are as lnd and
 * btcd reported them.
 */
class BitcoinStructuresTest {

    private static final String GENESIS_HEADER = "0100000000000000000000000000000000000000000000000000000000000000"
            + "000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";
    private static final String GENESIS_HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private static final String GENESIS_COINBASE = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    private static final String REGTEST_BLOCK_HASH = "57f2c885185370d10232dbb605fe5e95771d8b9a4b914e0f551d6a4ea564ad8b";
    private static final String ANCHOR_TXID = "a806c1e14aea65436babadc6f13b222a30f67370176fc1b6b3151ecc6bc8cd5f";

    @Test
    void hashesTheGenesisHeaderAndFindsItsProofOfWork() {
        BitcoinHeader genesis = BitcoinHeader.fromHex(GENESIS_HEADER);

        assertThat(genesis.blockHash()).isEqualTo(GENESIS_HASH);
        assertThat(genesis.merkleRoot()).isEqualTo(GENESIS_COINBASE);
        assertThat(genesis.time()).isEqualTo(1231006505L);
        assertThat(genesis.meetsItsTarget()).isTrue();
        assertThat(BitcoinMerklePath.of(List.of(GENESIS_COINBASE), 0).rootFrom(GENESIS_COINBASE))
                .isEqualTo(genesis.merkleRoot());
    }

    @Test
    void aHeaderWithAnotherNonceNoLongerMeetsTheMainnetTarget() {
        String otherNonce = GENESIS_HEADER.substring(0, 152) + "00000000";

        assertThat(BitcoinHeader.fromHex(otherNonce).meetsItsTarget()).isFalse();
        assertThat(BitcoinHeader.fromHex(otherNonce).blockHash()).isNotEqualTo(GENESIS_HASH);
    }

    @Test
    void parsesARegtestBlockWhoseTransactionsLeadToItsMerkleRoot() throws IOException {
        BitcoinBlock block = regtestBlock();

        assertThat(block.header().blockHash()).isEqualTo(REGTEST_BLOCK_HASH);
        assertThat(block.header().meetsItsTarget()).isTrue();
        assertThat(block.txids()).hasSize(3).contains(ANCHOR_TXID);
        for (int i = 0; i < block.txids().size(); i++) {
            BitcoinMerklePath path = BitcoinMerklePath.of(block.txids(), i);
            assertThat(path.rootFrom(block.txids().get(i)))
                    .as("transaction %d", i)
                    .isEqualTo(block.header().merkleRoot());
        }
    }

    @Test
    void aPathLeadsElsewhereForAnotherTransactionOrPosition() throws IOException {
        BitcoinBlock block = regtestBlock();
        BitcoinMerklePath coinbasePath = BitcoinMerklePath.of(block.txids(), 0);

        assertThat(coinbasePath.rootFrom(block.txids().get(1)))
                .isNotEqualTo(block.header().merkleRoot());
        // The coinbase's first sibling is transaction 1, a different hash: the order of the pair matters.
        assertThat(new BitcoinMerklePath(1, coinbasePath.siblings())
                        .rootFrom(block.txids().get(0)))
                .isNotEqualTo(block.header().merkleRoot());
    }

    @Test
    void findsTheLedgerAnchorInTheSegwitTransactionLndSent() throws IOException {
        BitcoinTransaction anchor = regtestBlock().transactions().stream()
                .filter(tx -> tx.txid().equals(ANCHOR_TXID))
                .findFirst()
                .orElseThrow();

        assertThat(BitcoinTransaction.parse(anchor.raw()).txid()).isEqualTo(ANCHOR_TXID);
        assertThat(LedgerAnchorScript.in(anchor)).containsExactly(new LedgerAnchorScript(5, "ab".repeat(32)));
    }

    @Test
    void theTxidCoversEveryNonWitnessByte() throws IOException {
        BitcoinTransaction anchor = regtestBlock().transactions().stream()
                .filter(tx -> tx.txid().equals(ANCHOR_TXID))
                .findFirst()
                .orElseThrow();
        byte[] raw = anchor.raw();
        int script = HexFormat.of().formatHex(raw).indexOf("6a2d524c4447") / 2;
        raw[script + 20] ^= 1; // inside the anchor output's pushed hash, before the witness

        BitcoinTransaction altered = BitcoinTransaction.parse(raw);
        assertThat(altered.txid()).isNotEqualTo(ANCHOR_TXID);
        assertThat(LedgerAnchorScript.in(altered))
                .singleElement()
                .satisfies(read -> assertThat(read.fabricBlockHash()).isNotEqualTo("ab".repeat(32)));
    }

    @Test
    void encodesAnAnchorAsAnOpReturnOfFortyFiveBytesAndReadsItBack() {
        LedgerAnchorScript anchor = new LedgerAnchorScript(1234567L, "0f".repeat(32));
        byte[] script = anchor.script();

        assertThat(HexFormat.of().formatHex(script))
                .isEqualTo("6a2d" + "524c4447" + "01" + "000000000012d687" + "0f".repeat(32));
        assertThat(LedgerAnchorScript.read(script)).contains(anchor);
    }

    @Test
    void readsNoAnchorFromOtherScripts() {
        byte[] script = new LedgerAnchorScript(1, "00".repeat(32)).script();
        List<byte[]> others = new ArrayList<>();
        for (int position : new int[] {0, 1, 2, 6}) {
            byte[] altered = script.clone();
            altered[position] ^= 1;
            others.add(altered);
        }
        others.add(HexFormat.of().parseHex("0014a024d87319e12665fb7225435ea7f816579aba3f"));

        assertThat(others)
                .allSatisfy(other -> assertThat(LedgerAnchorScript.read(other)).isEmpty());
    }

    @Test
    void refusesTruncatedOrPaddedStructures() throws IOException {
        byte[] raw = regtestBlock().transactions().get(1).raw();

        assertThatThrownBy(() -> BitcoinTransaction.parse(java.util.Arrays.copyOf(raw, raw.length - 1)))
                .isInstanceOf(BitcoinFormatException.class)
                .hasMessageContaining("ends at byte");
        assertThatThrownBy(() -> BitcoinTransaction.parse(java.util.Arrays.copyOf(raw, raw.length + 1)))
                .isInstanceOf(BitcoinFormatException.class)
                .hasMessageContaining("followed by 1 more bytes");
        assertThatThrownBy(() -> BitcoinHeader.fromHex(GENESIS_HEADER.substring(2)))
                .isInstanceOf(BitcoinFormatException.class)
                .hasMessageContaining("160 hex characters");
        assertThatThrownBy(() -> new BitcoinMerklePath(4, List.of("00".repeat(32), "00".repeat(32))))
                .isInstanceOf(BitcoinFormatException.class);
    }

    private static BitcoinBlock regtestBlock() throws IOException {
        try (InputStream in = BitcoinStructuresTest.class.getResourceAsStream("/bitcoin/regtest-block.hex")) {
            return BitcoinBlock.parse(
                    HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip()));
        }
    }
}
