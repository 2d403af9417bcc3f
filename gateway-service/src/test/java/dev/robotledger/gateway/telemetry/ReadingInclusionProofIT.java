package dev.robotledger.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalDatabase;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.crypto.KeyFiles;
import dev.robotledger.wire.merkle.Digest;
import dev.robotledger.wire.message.Envelope;
import dev.robotledger.wire.proof.LedgerAnchor;
import dev.robotledger.wire.proof.ProofCheck.Step;
import dev.robotledger.wire.proof.ProofVerification;
import dev.robotledger.wire.proof.ReadingInclusionProof;
import dev.robotledger.wire.proof.VerifyProof;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Inclusion proofs served by the gateway from a real journal fed through a real broker, checked
 * with wire's offline verifier and the robots' keys only.
 */
class ReadingInclusionProofIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void everyBatchedReadingHasAProofThatVerifiesOfflineWithItsRobotsKey() throws Exception {
        TestRobot press = new TestRobot("press-7");
        TestRobot welder = new TestRobot("welder-2");
        String clientId = "proofs-" + UUID.randomUUID();
        // Batches seal by size only: 30 readings, whole windows.
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        clientId,
                        "gateway.anchoring.max-readings=30",
                        "gateway.anchoring.max-age=1h");
                Publisher publisher = new Publisher(broker.uri(), "robot-" + clientId)) {
            JournalDatabase db = new JournalDatabase(postgres);
            WebTestClient web = gateway.web();
            gateway.register(press);
            gateway.register(welder);
            for (int i = 0; i < 4; i++) {
                publisher.publish(press, press.window(10));
                publisher.publish(welder, welder.window(5));
            }
            Await.until(
                    "60 readings in two full batches",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM anchor_batches") == 2);
            // Two more welder windows: 10 readings journaled, fewer than a batch.
            publisher.publish(welder, welder.window(5));
            publisher.publish(welder, welder.window(5));
            Await.until(
                    "70 readings journaled",
                    TIMEOUT,
                    () -> db.count("SELECT coalesce(sum(reading_count), 0) FROM envelopes") == 70);

            fetch(web, "welder-2", 21)
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail)
                            .contains("reading 21 of robot welder-2", "window welder-2/5", "not sealed"));

            publisher.publish(press, press.window(10));
            publisher.publish(press, press.window(10));
            Await.until("the third batch sealed", TIMEOUT, () -> db.count("SELECT count(*) FROM anchor_batches") == 3);

            int verified = 0;
            for (long readingSeq = 1; readingSeq <= 60; readingSeq++) {
                verified += verifiedProof(web, press, readingSeq, db);
            }
            for (long readingSeq = 1; readingSeq <= 30; readingSeq++) {
                verified += verifiedProof(web, welder, readingSeq, db);
            }
            assertThat(verified).isEqualTo(90);

            ReadingInclusionProof proof = proof(web, "welder-2", 21);
            ProofVerification underAnotherKey = proof.verify(press.keys().getPublic());
            assertThat(underAnotherKey.failures())
                    .extracting(check -> check.step())
                    .containsExactly(Step.WINDOW_SIGNATURE);

            fetch(web, "ghost-1", 1)
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("robot ghost-1", "reading 1"));
            fetch(web, "press-7", 61)
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).contains("robot press-7", "reading 61"));
            fetch(web, "press-7", -1).expectStatus().isBadRequest();
        }
    }

    @Test
    void savedProofPassesTheCommandUntilOneByteIsChangedAndNamesTheLedgerAnchorOnceRecorded() throws Exception {
        TestRobot robot = new TestRobot("lathe-3");
        String clientId = "proof-file-" + UUID.randomUUID();
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        clientId,
                        "gateway.anchoring.max-readings=20",
                        "gateway.anchoring.max-age=1h");
                Publisher publisher = new Publisher(broker.uri(), "robot-" + clientId)) {
            JournalDatabase db = new JournalDatabase(postgres);
            gateway.register(robot);
            for (int i = 0; i < 4; i++) {
                publisher.publish(robot, robot.window(5));
            }
            Await.until("one batch sealed", TIMEOUT, () -> db.count("SELECT count(*) FROM anchor_batches") == 1);

            byte[] body = gateway.web()
                    .get()
                    .uri("/api/readings/lathe-3/13/proof")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            Path proofFile = Files.write(dir.resolve("lathe-3-13.json"), body);
            Path keyFile = dir.resolve("lathe-3.pem");
            KeyFiles.writePublicKey(keyFile, robot.keys().getPublic());

            Command genuine = Command.run(proofFile, keyFile);
            assertThat(genuine.exitCode()).as(genuine.output()).isEqualTo(0);
            assertThat(genuine.output())
                    .contains("anchored on ledger: ABSENT - not yet (batch 1 pending submission)", "result: VERIFIED");
            assertThat(Command.run(proofFile, keyFile, "--require-anchor").exitCode())
                    .isEqualTo(1);

            String json = new String(body, StandardCharsets.UTF_8);
            String tampered = json.replace("\"readingSeq\":13", "\"readingSeq\":14");
            assertThat(tampered).isNotEqualTo(json);
            Files.writeString(proofFile, tampered);
            Command altered = Command.run(proofFile, keyFile);
            assertThat(altered.exitCode()).as(altered.output()).isEqualTo(1);
            assertThat(altered.output()).contains("reading path (window tree): FAILED");
        }
    }

    @Test
    void proofOfAnAnchoredBatchNamesItsLedgerTransaction() throws Exception {
        TestRobot robot = new TestRobot("drill-4");
        String clientId = "proof-anchor-" + UUID.randomUUID();
        // The proof names the channel and chaincode of the submitter's receipt.
        AnchoringIT.RecordingLedger ledger = new AnchoringIT.RecordingLedger("plant-channel", "robotledger-cc");
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway = InProcessGateway.start(
                        postgres,
                        broker.uri(),
                        clientId,
                        List.of(ledger),
                        "gateway.anchoring.max-readings=10",
                        "gateway.anchoring.max-age=1h");
                Publisher publisher = new Publisher(broker.uri(), "robot-" + clientId)) {
            JournalDatabase db = new JournalDatabase(postgres);
            gateway.register(robot);
            publisher.publish(robot, robot.window(4));
            publisher.publish(robot, robot.window(6));
            Await.until(
                    "the batch recorded as anchored",
                    TIMEOUT,
                    () -> db.count("SELECT count(*) FROM anchor_batches WHERE state = 'ANCHORED'") == 1);

            ReadingInclusionProof proof = proof(gateway.web(), "drill-4", 7);
            ProofVerification result = proof.verify(robot.keys().getPublic());

            assertThat(result.cryptographicallyValid()).as("%s", result).isTrue();
            long batchId = ledger.submitted.get(0).batchId();
            assertThat(proof.batchRoot()).isEqualTo(ledger.submitted.get(0).merkleRoot());
            assertThat(proof.anchor())
                    .contains(new LedgerAnchor(
                            "test-double-tx-" + batchId, 100 + batchId, "plant-channel", "robotledger-cc"));
            assertThat(result.anchorPresent()).isTrue();
        }
    }

    private static int verifiedProof(WebTestClient web, TestRobot robot, long readingSeq, JournalDatabase db) {
        ReadingInclusionProof proof = proof(web, robot.robotId(), readingSeq);
        ProofVerification result = proof.verify(robot.keys().getPublic());
        assertThat(result.cryptographicallyValid())
                .as("%s reading %d: %s", robot.robotId(), readingSeq, result)
                .isTrue();
        assertThat(result.anchorPresent()).isFalse();
        assertThat(proof.reading().readingSeq()).isEqualTo(readingSeq);
        // The root in the proof is the one the gateway will anchor, and the window is the journaled one.
        byte[] root = db.jdbc()
                .queryForObject(
                        "SELECT merkle_root FROM anchor_batches WHERE batch_id = ?", byte[].class, proof.batchId());
        assertThat(new Digest(root)).isEqualTo(proof.batchRoot());
        byte[] window = db.jdbc()
                .queryForObject(
                        "SELECT body FROM envelopes WHERE robot_id = ? AND seq = ?",
                        byte[].class,
                        robot.robotId(),
                        proof.readingProof().seq());
        assertThat(Envelope.parse(window, Envelope.DEFAULT_MAX_BYTES).signature())
                .isEqualTo(proof.readingProof().signature());
        return 1;
    }

    private static ReadingInclusionProof proof(WebTestClient web, String robotId, long readingSeq) {
        byte[] body = fetch(web, robotId, readingSeq)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();
        return ReadingInclusionProof.parse(body);
    }

    private static WebTestClient.ResponseSpec fetch(WebTestClient web, String robotId, long readingSeq) {
        return web.get()
                .uri("/api/readings/{robotId}/{readingSeq}/proof", robotId, readingSeq)
                .exchange();
    }

    private record Command(int exitCode, String output) {
        static Command run(Path proof, Path key, String... options) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
            String[] args = new String[options.length + 2];
            System.arraycopy(options, 0, args, 0, options.length);
            args[options.length] = proof.toString();
            args[options.length + 1] = key.toString();
            int exitCode = VerifyProof.run(args, stream, stream);
            return new Command(exitCode, out.toString(StandardCharsets.UTF_8));
        }
    }
}
