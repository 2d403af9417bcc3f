package dev.robotledger.gateway.certificate;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.ProductionPayloads;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.certificate.CertificateCheck;
import dev.robotledger.wire.certificate.CertificateCheck.Step;
import dev.robotledger.wire.certificate.CertificateVerification;
import dev.robotledger.wire.certificate.ProvenanceCertificate;
import dev.robotledger.wire.certificate.VerifyCertificate;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.MessageType;
import dev.robotledger.wire.proof.ProofCheck;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/**
 * A good's provenance certificate issued by the gateway from what robots sent and the ledger
 * recorded, checked offline as a lender would (wire's verifier, trusting only the org's CA), on a
 * {@link LedgerUnderTest}: the embedded ledger ({@link CertificateIssuingIT}) or the tests' Fabric
 * network ({@link CertificateIssuingFabricIT}); everything else is real: Mosquitto, PostgreSQL,
 * the gateway's journal and anchors.
 */
abstract class CertificateIssuingTests extends LedgerTests<LedgerUnderTest> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static ObjectNode part(String goodId, String producedBy) {
        return JsonNodeFactory.instance.objectNode().put("goodId", goodId).put("producedBy", producedBy);
    }

    private static ObjectNode product(String goodId) {
        ObjectNode product = JsonNodeFactory.instance.objectNode();
        product.put("goodId", goodId)
                .put("kind", "plate")
                .put("firmwareVersion", "fw-1.2")
                .put("energyWh", 3.5);
        product.putObject("processParameters").put("press.force.kn", 80.5);
        return product;
    }

    @TempDir
    Path files;

    @Test
    void aLenderChecksTheIssuedCertificateOfAnAssemblyOfflineDownToTheReadingsThatCoverAPart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path organisationCas = files.resolve("organisation-cas.pem");
        for (String org : List.of("manufacturer", "retailer", "lender", "oracle")) {
            Files.write(
                    organisationCas,
                    Files.readAllBytes(ledger.orgCaFile(org)),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        TestRobot press = new TestRobot("cert-press-" + run);
        TestRobot welder = new TestRobot("cert-welder-" + run);
        String anchoredPart = "anchored-" + run;
        String plainPart = press.robotId() + "-p1";
        String frame = "frame-" + run;
        try (InProcessGateway gateway = ledger.startGateway(
                        INFRA,
                        "manufacturer",
                        "cert-" + run,
                        "gateway.anchoring.max-readings=20",
                        "gateway.production.poll-interval=100ms",
                        "gateway.read-model.retry-initial=100ms",
                        "gateway.certificate.organisation-cas-file=" + organisationCas);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + run)) {
            gateway.register(press);
            gateway.register(welder);
            publisher.publish(press, press.window(10));
            publisher.publish(press, press.window(10));
            Await.until(
                    "the press's readings anchored",
                    TIMEOUT,
                    () -> !anchored(press).isEmpty());
            Map<String, Object> batch = anchored(press).get(0);
            // The part made while those readings were taken names their anchor (another client of the org records it).
            // Before the robots' clocks (TestRobot stamps from its creation): a part is never newer than its product.
            ObjectNode production = product(anchoredPart)
                    .put("robotId", press.robotId())
                    .put("producedAtEpochMillis", System.currentTimeMillis() - 3_600_000);
            production
                    .putObject("telemetryAnchor")
                    .put("batchId", batch.get("batch_id").toString())
                    .put("merkleRoot", new Digest((byte[]) batch.get("merkle_root")).hex());
            ledger.submit("manufacturer", RECORD_PRODUCTION, "cert-production-" + run, production.toString());
            publisher.publish(press, press.event(MessageType.COMPONENT_PRODUCED, product(plainPart)));
            ObjectNode assembly = JsonNodeFactory.instance.objectNode();
            assembly.set("product", product(frame).put("kind", "frame"));
            assembly.putArray("parts")
                    .add(part(anchoredPart, "cert-production-" + run))
                    .add(part(plainPart, ProductionPayloads.producedBy(plainPart)));
            publisher.publish(welder, welder.event(MessageType.ASSEMBLED, assembly));
            ObjectNode check = JsonNodeFactory.instance.objectNode();
            check.put("goodId", frame)
                    .put("producedBy", ProductionPayloads.producedBy(frame))
                    .put("checkType", "dimensional")
                    .put("result", "PASS");
            check.putObject("measurements").put("length.mm", 120.02);
            publisher.publish(welder, welder.event(MessageType.QUALITY_CHECK, check));
            Await.until(
                    "the frame's check in the read model",
                    TIMEOUT,
                    () -> gateway.web(Role.LENDER)
                            .get()
                            .uri("/api/goods/" + frame)
                            .exchange()
                            .returnResult(String.class)
                            .getResponseBody()
                            .blockFirst(Duration.ofSeconds(5))
                            .contains("dimensional"));

            var response = gateway.web(Role.LENDER)
                    .get()
                    .uri("/api/goods/" + frame + "/certificate")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .value(
                            HttpHeaders.CONTENT_DISPOSITION,
                            value -> assertThat(value).contains("provenance-certificate-" + frame + ".json"))
                    .expectBody()
                    .returnResult();
            ProvenanceCertificate certificate = ProvenanceCertificate.parse(response.getResponseBody());
            CertificateVerification verification = certificate.verify(List.of(caCertificate()), Instant.now());

            assertThat(verification.failures()).as("failed checks").isEmpty();
            assertThat(verification.valid()).isTrue();
            assertThat(certificate.goodId()).isEqualTo(frame);
            assertThat(certificate.issuer().mspId()).isEqualTo("ManufacturerMSP");
            assertThat(certificate.goodCount()).isEqualTo(3);
            assertThat(verification.checks(Step.PRODUCTION_COVERED))
                    .extracting(CertificateCheck::element, CertificateCheck::outcome)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("good " + anchoredPart, ProofCheck.Outcome.PASSED),
                            org.assertj.core.groups.Tuple.tuple("good " + plainPart, ProofCheck.Outcome.ABSENT));
            assertThat(certificate.anchors()).singleElement().satisfies(anchor -> {
                assertThat(anchor.gatewayBatchId()).isEqualTo(((Number) batch.get("batch_id")).longValue());
                assertThat(anchor.transactionId()).isEqualTo(batch.get("transaction_id"));
                assertThat(anchor.blockHash())
                        .as("the block's header hash, as the read model recorded it")
                        .isPresent();
            });
            assertThat(certificate.readingProofs())
                    .singleElement()
                    .satisfies(
                            proof -> assertThat(proof.readingProof().robotId()).isEqualTo(press.robotId()));
            // Every cited block hash is the header hash the peer's next block names (one more block first,
            // so that the last cited block has a successor).
            ledger.submit(
                    "manufacturer",
                    RECORD_PRODUCTION,
                    "cert-later-" + run,
                    product("later-" + run)
                            .put("robotId", press.robotId())
                            .put("producedAtEpochMillis", System.currentTimeMillis())
                            .toString());
            certificate
                    .ledgerRecords()
                    .forEach(record -> assertThat(
                                    record.blockHash().orElseThrow().bytes())
                            .as("block %d", record.blockNumber())
                            .isEqualTo(ledger.block(record.blockNumber() + 1)
                                    .getHeader()
                                    .getPreviousHash()
                                    .toByteArray()));
            assertThat(certificate.ledgerRecords())
                    .extracting(record -> record.function())
                    .contains(
                            RECORD_PRODUCTION.functionName(),
                            ASSEMBLE_PRODUCT.functionName(),
                            RECORD_QUALITY_CHECK.functionName());

            gateway.web(Role.RETAILER)
                    .get()
                    .uri("/api/goods/no-such-good/certificate")
                    .exchange()
                    .expectStatus()
                    .isNotFound();

            // Anyone, with no token, gets the organisations' CAs; the verifier command, given only the
            // downloaded certificate and that file, says VERIFIED.
            Path downloaded = Files.write(files.resolve("certificate.json"), response.getResponseBody());
            Path published = Files.write(
                    files.resolve("published-cas.pem"),
                    gateway.anonymousWeb()
                            .get()
                            .uri("/api/organisation-cas")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectHeader()
                            .contentType("application/x-pem-file")
                            .expectBody()
                            .returnResult()
                            .getResponseBody());
            assertThat(Files.readString(published))
                    .contains(
                            "# SHA-256 fingerprint ",
                            "CN=ca.manufacturer.test",
                            "CN=ca.retailer.test",
                            "CN=ca.lender.test",
                            "CN=ca.oracle.test");
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
            int exit =
                    VerifyCertificate.run(new String[] {downloaded.toString(), published.toString()}, printed, printed);
            assertThat(output.toString(StandardCharsets.UTF_8))
                    .contains("result: VERIFIED (signed by ")
                    .doesNotContain("FAILED");
            assertThat(exit).isZero();
        }
    }

    private X509Certificate caCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(ledger.orgCaFile("manufacturer"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<Map<String, Object>> anchored(TestRobot robot) {
        return INFRA.db().jdbc().queryForList("""
                SELECT b.batch_id, b.merkle_root, b.transaction_id FROM anchor_batches b
                WHERE b.state = 'ANCHORED' AND EXISTS (SELECT 1 FROM envelopes e
                                                      WHERE e.batch_id = b.batch_id AND e.robot_id = ?)
                ORDER BY b.batch_id""", robot.robotId());
    }
}
