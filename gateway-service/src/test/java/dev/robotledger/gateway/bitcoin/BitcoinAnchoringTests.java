package dev.robotledger.gateway.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.contract.ContractTransaction;
import dev.robotledger.contract.bitcoin.BitcoinHeader;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.lightning.OnChainWallet;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.LightningPair;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.certificate.BitcoinAnchorRecord;
import dev.robotledger.wire.certificate.CertificateCheck.Step;
import dev.robotledger.wire.certificate.CertificateVerification;
import dev.robotledger.wire.certificate.ProvenanceCertificate;
import dev.robotledger.wire.certificate.VerifyCertificate;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.proof.ProofCheck.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manufacturer's gateway anchoring the channel in Bitcoin through the borrower's (its own) lnd
 * node on the tests' regtest chain, the test mining as nobody else does; a certificate issued
 * after carries the anchor and is checked offline with the header btcd gives for the block.
 */
@ExtendWith(LightningPair.Tier.class)
abstract class BitcoinAnchoringTests extends LedgerTests<LedgerUnderTest> {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @TempDir
    Path files;

    @Test
    void anchorsTheChannelAndACertificateCarriesTheAnchorAVerifierChecksAgainstBitcoin(LightningPair pair)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path cas = Files.write(files.resolve("cas.pem"), Files.readAllBytes(ledger.orgCaFile("manufacturer")));
        TestRobot press = new TestRobot("btc-press-" + run);
        String good = "btc-good-" + run;
        List<String> settings = new java.util.ArrayList<>(pair.gatewayProperties("borrower"));
        settings.addAll(List.of(
                "gateway.bitcoin-anchoring.enabled=true",
                "gateway.bitcoin-anchoring.every-blocks=1",
                "gateway.bitcoin-anchoring.poll-interval=200ms",
                "gateway.read-model.retry-initial=100ms",
                "gateway.certificate.organisation-cas-file=" + cas));
        OnChainWallet wallet = (OnChainWallet) pair.node("borrower");
        try (InProcessGateway gateway =
                        ledger.startGateway(INFRA, "manufacturer", "btc-" + run, settings.toArray(String[]::new));
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + run)) {
            gateway.register(press);
            publisher.publish(
                    press,
                    press.event(
                            MessageType.COMPONENT_PRODUCED,
                            JsonNodeFactory.instance
                                    .objectNode()
                                    .put("goodId", good)
                                    .put("kind", "bracket")
                                    .put("firmwareVersion", "fw-1")
                                    .put("energyWh", 1.5)));
            Await.until(
                    "the good in the read model",
                    TIMEOUT,
                    () -> gateway.web(Role.LENDER)
                            .get()
                            .uri("/api/goods/" + good)
                            .exchange()
                            .returnResult(String.class)
                            .getStatus()
                            .is2xxSuccessful());

            // The gateway anchors again once a block was added after the one that recorded its last anchor:
            // another client writes (a block), the test mines (a Bitcoin block), until an anchor at or
            // after the good's block is recorded and the certificate carries it.
            AtomicReference<ProvenanceCertificate> issued = new AtomicReference<>();
            AtomicInteger writes = new AtomicInteger();
            Await.until("a certificate carrying a Bitcoin anchor", TIMEOUT, () -> {
                ledger.registerRobot(
                        "manufacturer",
                        "btc-later-" + run + "-" + writes.incrementAndGet(),
                        new TestRobot("btc-later").keys().getPublic());
                pair.mine(1);
                byte[] body = gateway.web(Role.LENDER)
                        .get()
                        .uri("/api/goods/" + good + "/certificate")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody();
                issued.set(ProvenanceCertificate.parse(body));
                return issued.get().bitcoinAnchor().isPresent();
            });
            ProvenanceCertificate certificate = issued.get();
            BitcoinAnchorRecord anchor = certificate.bitcoinAnchor().orElseThrow();
            String headerHex = pair.header(anchor.bitcoinBlockHash());
            BitcoinHeader header = BitcoinHeader.fromHex(headerHex);

            CertificateVerification verification = certificate.verify(List.of(caCertificate()), Instant.now(), header);
            assertThat(verification.failures()).as("failed checks").isEmpty();
            assertThat(verification.checks(Step.FABRIC_HEADER_CHAIN))
                    .singleElement()
                    .satisfies(check -> assertThat(check.outcome()).isEqualTo(Outcome.PASSED));
            assertThat(verification.checks(Step.BITCOIN_BLOCK))
                    .singleElement()
                    .satisfies(check -> assertThat(check.outcome()).isEqualTo(Outcome.PASSED));
            assertThat(anchor.fabricBlockNumber()).isGreaterThanOrEqualTo(certificate.newestBlock());
            assertThat(HexFormat.of()
                            .formatHex(ledger.block(anchor.fabricBlockNumber() + 1)
                                    .getHeader()
                                    .getPreviousHash()
                                    .toByteArray()))
                    .as("the peer's next block names the anchored hash")
                    .isEqualTo(anchor.fabricBlockHash());
            assertThat(wallet.transactions())
                    .filteredOn(tx -> tx.txid().equals(anchor.bitcoinTxid()))
                    .singleElement()
                    .satisfies(tx -> assertThat(tx.blockHash()).contains(anchor.bitcoinBlockHash()));

            // The ledger holds the anchor once; recording the block again under another event id is refused.
            JsonNode recorded = JSON.readTree(ledger.evaluate(
                    "retailer", ContractTransaction.GET_BITCOIN_ANCHOR, Long.toString(anchor.fabricBlockNumber())));
            assertThat(recorded.get("bitcoinTxid").asText()).isEqualTo(anchor.bitcoinTxid());
            ObjectNode again = (ObjectNode) recorded.deepCopy();
            List.of("submittedByOrg", "recordedAtEpochMillis", "txId").forEach(again::remove);
            assertThatThrownBy(() -> ledger.submit(
                            "manufacturer",
                            ContractTransaction.RECORD_BITCOIN_ANCHOR,
                            "btc-again-" + run,
                            again.toString()))
                    .hasMessageContaining("BITCOIN_ANCHOR_ALREADY_RECORDED");

            // Offline, as a reader would: the downloaded certificate, the organisation's CA, the header from btcd.
            Path certificateFile = Files.write(files.resolve("certificate.json"), certificate.toJsonBytes());
            Path headerFile = Files.writeString(files.resolve("header.hex"), headerHex + "\n");
            assertThat(verify(certificateFile, cas, "--bitcoin-header", headerFile.toString()))
                    .contains("bitcoin block [bitcoin block " + anchor.bitcoinBlockHash() + "]: PASSED")
                    .contains("result: VERIFIED")
                    .doesNotContain("FAILED");

            byte[] tampered = header.bytes();
            tampered[68] ^= 1; // the miner's time
            assertThat(verify(
                            certificateFile,
                            cas,
                            "--bitcoin-header",
                            HexFormat.of().formatHex(tampered)))
                    .contains("the header given hashes to")
                    .contains("result: NOT VERIFIED");
            String previousBlock = pair.header(header.previousBlockHash());
            assertThat(verify(certificateFile, cas, "--bitcoin-header", previousBlock))
                    .contains("the anchor names block " + anchor.bitcoinBlockHash())
                    .contains("result: NOT VERIFIED");
            ObjectNode wrongHash = (ObjectNode) certificate.toJson();
            ((ObjectNode) wrongHash.get("bitcoinAnchor")).put("fabricBlockHash", "00".repeat(32));
            Path altered = Files.write(files.resolve("altered.json"), JSON.writeValueAsBytes(wrongHash));
            assertThat(verify(altered, cas, "--bitcoin-header", headerHex))
                    .contains("the Bitcoin anchor was altered")
                    .contains("result: NOT VERIFIED");
        }
    }

    private static String verify(Path certificate, Path cas, String... options) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.add(certificate.toString());
        args.add(cas.toString());
        VerifyCertificate.run(args.toArray(String[]::new), printed, printed);
        return output.toString(StandardCharsets.UTF_8);
    }

    private X509Certificate caCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(ledger.orgCaFile("manufacturer"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
