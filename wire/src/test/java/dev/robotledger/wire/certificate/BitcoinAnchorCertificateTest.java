package dev.robotledger.wire.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.contract.bitcoin.BitcoinMerklePath;
import dev.robotledger.contract.bitcoin.BitcoinTransaction;
import dev.robotledger.contract.bitcoin.FabricBlockHeader;
import dev.robotledger.contract.bitcoin.LedgerAnchorScript;
import dev.robotledger.wire.certificate.CertificateCheck.Step;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A certificate carrying a Bitcoin anchor: Fabric headers from its newest block to the anchored
 * one, and a Bitcoin block mined here at regtest difficulty with the anchor transaction among
 * others (contract-api's tests check its Bitcoin code on real blocks; the integration tests run
 * this against btcd and lnd).
 */
class BitcoinAnchorCertificateTest {

    private static final HexFormat HEX = HexFormat.of();

    private final CertificateFixture fixture = new CertificateFixture();
    private final long newest = fixture.ledgerRecords().stream()
            .mapToLong(LedgerRecord::blockNumber)
            .max()
            .orElseThrow();
    private final List<FabricBlockHeader> headers = headers(newest, 3);
    private final FabricBlockHeader anchored = headers.get(headers.size() - 1);
    private final BitcoinTransaction transaction =
            BitcoinTransaction.parse(transaction(new LedgerAnchorScript(anchored.number(), anchored.hash()).script()));
    private final List<String> txids = List.of("11".repeat(32), "22".repeat(32), transaction.txid());
    private final BitcoinHeader header = mine(BitcoinMerklePath.of(txids, 2).rootFrom(transaction.txid()));

    @Test
    void aGenuineAnchorVerifiesAgainstTheHeaderGiven() {
        CertificateVerification result = fixture.verify(certificate(anchor(headers, transaction)), header);

        assertThat(result.valid()).as(result.checks().toString()).isTrue();
        assertThat(outcomes(result))
                .containsEntry(Step.FABRIC_HEADER_CHAIN, Outcome.PASSED)
                .containsEntry(Step.BITCOIN_TRANSACTION, Outcome.PASSED)
                .containsEntry(Step.BITCOIN_BLOCK, Outcome.PASSED);
    }

    @Test
    void withoutAHeaderTheBitcoinBlockIsAbsentNotFailed() {
        CertificateVerification result = fixture.verify(certificate(anchor(headers, transaction)));

        assertThat(result.valid()).isTrue();
        assertThat(outcomes(result)).containsEntry(Step.BITCOIN_BLOCK, Outcome.ABSENT);
    }

    @Test
    void aTamperedHeaderIsRefusedWithItsReason() {
        byte[] tampered = header.bytes();
        tampered[40] ^= 1; // the merkle root
        CertificateVerification result =
                fixture.verify(certificate(anchor(headers, transaction)), BitcoinHeader.of(tampered));

        assertThat(result.valid()).isFalse();
        assertThat(failure(result, Step.BITCOIN_BLOCK)).contains("the header given hashes to");
    }

    @Test
    void theHeaderOfAnotherBlockIsRefused() {
        BitcoinHeader other = mine(BitcoinMerklePath.of(List.of("33".repeat(32), transaction.txid()), 1)
                .rootFrom(transaction.txid()));

        assertThat(failure(fixture.verify(certificate(anchor(headers, transaction)), other), Step.BITCOIN_BLOCK))
                .contains("the anchor names block " + header.blockHash());
    }

    @Test
    void aTransactionCarryingAnotherBlockHashIsRefused() {
        BitcoinTransaction wrong = BitcoinTransaction.parse(
                transaction(new LedgerAnchorScript(anchored.number(), "ee".repeat(32)).script()));
        BitcoinAnchorRecord record = new BitcoinAnchorRecord(
                anchored.number(),
                anchored.hash(),
                "tx-anchor",
                wrong.txid(),
                header.blockHash(),
                130,
                wrong,
                BitcoinMerklePath.of(txids, 2),
                headers);

        CertificateVerification result = fixture.verify(certificate(record), header);
        assertThat(failure(result, Step.BITCOIN_TRANSACTION)).contains("not block " + anchored.number());
        assertThat(failure(result, Step.BITCOIN_BLOCK)).contains("the merkle path of transaction 2");
    }

    @Test
    void aBrokenFabricHeaderChainIsRefused() {
        List<FabricBlockHeader> broken = new ArrayList<>(headers);
        broken.set(
                1, new FabricBlockHeader(broken.get(1).number(), broken.get(1).previousHash(), "ff".repeat(32)));

        assertThat(failure(fixture.verify(certificate(anchor(broken, transaction)), header), Step.FABRIC_HEADER_CHAIN))
                .contains("block " + (newest + 2) + " names");
    }

    @Test
    void anAlteredAnchorFailsItsDigest() {
        ProvenanceCertificate genuine = certificate(anchor(headers, transaction));
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) genuine.toJson();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("bitcoinAnchor")).put("bitcoinBlockHeight", 999);

        CertificateVerification result = fixture.verify(ProvenanceCertificate.fromJson(json), header);
        assertThat(failure(result, Step.SECTION_DIGEST)).contains("the Bitcoin anchor was altered");
    }

    private ProvenanceCertificate certificate(BitcoinAnchorRecord anchor) {
        Digest newestHash = Digest.fromHex(headers.get(0).hash());
        return fixture.builder(
                        CertificateFixture.ROBOTS,
                        Map.of(),
                        record -> record.blockNumber() == newest
                                ? new LedgerRecord(
                                        record.entityId(),
                                        record.function(),
                                        record.transactionId(),
                                        newest,
                                        Optional.of(newestHash))
                                : record)
                .bitcoinAnchor(anchor)
                .sign(CertificateFixture.MSP, fixture.issuerKey.getPrivate(), List.of(fixture.issuerCertificate));
    }

    private BitcoinAnchorRecord anchor(List<FabricBlockHeader> chain, BitcoinTransaction tx) {
        return new BitcoinAnchorRecord(
                anchored.number(),
                anchored.hash(),
                "tx-anchor",
                tx.txid(),
                header.blockHash(),
                130,
                tx,
                BitcoinMerklePath.of(txids, 2),
                chain);
    }

    private static Map<Step, Outcome> outcomes(CertificateVerification result) {
        Map<Step, Outcome> outcomes = new java.util.EnumMap<>(Step.class);
        result.checks().forEach(check -> outcomes.put(check.step(), check.outcome()));
        return outcomes;
    }

    private static String failure(CertificateVerification result, Step step) {
        assertThat(result.valid()).isFalse();
        return result.failures().stream()
                .filter(check -> check.step() == step)
                .map(CertificateCheck::detail)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + step + " failure in " + result.checks()));
    }

    /** Blocks {@code from} to {@code from + count}, each naming the hash of the one before. */
    private static List<FabricBlockHeader> headers(long from, int count) {
        List<FabricBlockHeader> chain = new ArrayList<>();
        String previous = Digest.sha256(("block " + (from - 1)).getBytes(StandardCharsets.UTF_8))
                .hex();
        for (long number = from; number <= from + count; number++) {
            FabricBlockHeader header = new FabricBlockHeader(
                    number,
                    previous,
                    Digest.sha256(("data " + number).getBytes(StandardCharsets.UTF_8))
                            .hex());
            chain.add(header);
            previous = header.hash();
        }
        return chain;
    }

    /** Version 2, one made-up input, one output of no value; no witness. */
    private static byte[] transaction(byte[] script) {
        ByteArrayOutputStream tx = new ByteArrayOutputStream();
        tx.writeBytes(HEX.parseHex(
                "02000000" + "01" + "44".repeat(32) + "01000000" + "00" + "fdffffff" + "01" + "0000000000000000"));
        tx.write(script.length);
        tx.writeBytes(script);
        tx.writeBytes(HEX.parseHex("00000000"));
        return tx.toByteArray();
    }

    /** A header over the root, nonce raised until it meets regtest's target. */
    private static BitcoinHeader mine(String merkleRootShown) {
        byte[] root = HEX.parseHex(merkleRootShown);
        byte[] internal = new byte[32];
        for (int i = 0; i < 32; i++) {
            internal[i] = root[31 - i];
        }
        for (int nonce = 0; ; nonce++) {
            BitcoinHeader candidate = BitcoinHeader.of(ByteBuffer.allocate(BitcoinHeader.LENGTH)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x20000000)
                    .put(new byte[32])
                    .put(internal)
                    .putInt(1_772_500_000)
                    .putInt(0x207fffff)
                    .putInt(nonce)
                    .array());
            if (candidate.meetsItsTarget()) {
                return candidate;
            }
        }
    }
}
