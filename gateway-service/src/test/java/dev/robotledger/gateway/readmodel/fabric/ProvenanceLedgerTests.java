package dev.robotledger.gateway.readmodel.fabric;

import static dev.robotledger.contract.ContractTransaction.ASSEMBLE_PRODUCT;
import static dev.robotledger.contract.ContractTransaction.GET_GOOD_HISTORY;
import static dev.robotledger.contract.ContractTransaction.GET_ROBOT;
import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.gateway.testing.ProductionPayloads.assembly;
import static dev.robotledger.gateway.testing.ProductionPayloads.check;
import static dev.robotledger.gateway.testing.ProductionPayloads.component;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.LedgerTests;
import dev.robotledger.gateway.testing.LedgerUnderTest;
import dev.robotledger.gateway.testing.Publisher;
import dev.robotledger.gateway.testing.TestRobot;
import dev.robotledger.wire.message.MessageType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;

/**
 * The whole path a retailer depends on, on real processes where they exist: robots publish
 * production events through Mosquitto, the gateway journals them in PostgreSQL and records them on
 * the ledger, the read model follows the ledger's blocks, and the API answers provenance from it.
 * The ledger is a {@link LedgerUnderTest}: the embedded ledger, a new one per test
 * ({@link ProvenanceLedgerIT}), or the tests' Fabric network ({@link ProvenanceLedgerFabricIT}),
 * whose peers deliver the blocks the read model follows.
 */
abstract class ProvenanceLedgerTests extends LedgerTests<LedgerUnderTest> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    @BeforeEach
    void emptyReadModel() {
        // A test may have a ledger of its own; the read model (and its checkpoint) must start over with it.
        INFRA.db()
                .jdbc()
                .execute(
                        "DO $$ BEGIN IF to_regclass('ledger_checkpoint') IS NOT NULL THEN"
                                + " TRUNCATE ledger_checkpoint, ledger_state, ledger_state_history, ledger_blocks; END IF; END $$");
    }

    private InProcessGateway gateway(String clientId) {
        return ledger.startGateway(
                INFRA,
                "manufacturer",
                clientId,
                "gateway.anchoring.max-age=1h",
                "gateway.production.poll-interval=100ms",
                "gateway.production.submit-retry-initial=100ms",
                "gateway.production.submit-retry-max=400ms",
                "gateway.read-model.retry-initial=100ms",
                "gateway.read-model.retry-max=400ms");
    }

    private static JsonNode get(InProcessGateway gateway, String uri) {
        byte[] body = gateway.web(Role.RETAILER)
                .get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest treeRequest(InProcessGateway gateway, URI uri, String acceptEncoding) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + gateway.token(Role.RETAILER));
        if (acceptEncoding != null) {
            request.header(HttpHeaders.ACCEPT_ENCODING, acceptEncoding);
        }
        return request.build();
    }

    private static int status(InProcessGateway gateway, String uri) {
        return gateway.web(Role.RETAILER)
                .get()
                .uri(uri)
                .exchange()
                .returnResult(byte[].class)
                .getStatus()
                .value();
    }

    @Test
    void aProductBuiltByRobotsIsTracedFromTheReadModelExactlyAsTheLedgerAnswers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TestRobot press = new TestRobot("rm-press-" + run);
        TestRobot welder = new TestRobot("rm-welder-" + run);
        String box = "box-" + run;
        String frame = "frame-" + run;
        try (InProcessGateway gateway = gateway("read-model-" + run);
                Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + run)) {
            gateway.register(press);
            gateway.register(welder);
            publisher.publish(
                    press, press.event(MessageType.COMPONENT_PRODUCED, component(press.robotId() + "-p1", "plate")));
            publisher.publish(
                    press, press.event(MessageType.COMPONENT_PRODUCED, component(press.robotId() + "-p2", "plate")));
            publisher.publish(
                    welder, welder.event(MessageType.COMPONENT_PRODUCED, component(welder.robotId() + "-w1", "bolt")));
            publisher.publish(
                    welder,
                    welder.event(
                            MessageType.ASSEMBLED, assembly(frame, press.robotId() + "-p1", welder.robotId() + "-w1")));
            Await.until("the frame in the read model", TIMEOUT, () -> status(gateway, "/api/goods/" + frame) == 200);
            publisher.publish(press, press.event(MessageType.ASSEMBLED, assembly(box, frame, press.robotId() + "-p2")));
            publisher.publish(welder, welder.event(MessageType.QUALITY_CHECK, check(box)));
            Await.until(
                    "the box's quality check in the read model",
                    TIMEOUT,
                    () -> status(gateway, "/api/goods/" + box) == 200
                            && get(gateway, "/api/goods/" + box)
                                            .at("/good/qualityChecks")
                                            .size()
                                    == 1);

            JsonNode fromReadModel = get(gateway, "/api/goods/" + box + "/provenance");
            JsonNode fromPeer = get(gateway, "/api/goods/" + box + "/provenance?source=ledger");

            assertThat(fromReadModel.get("source").asText()).isEqualTo("read-model");
            assertThat(fromPeer.get("source").asText()).isEqualTo("ledger");
            assertThat(fromReadModel.get("provenance")).isEqualTo(fromPeer.get("provenance"));
            assertThat(fromReadModel.at("/provenance/nodeCount").asInt()).isEqualTo(5);
            assertThat(fromReadModel.at("/provenance/depth").asInt()).isEqualTo(2);
            assertThat(fromReadModel.get("ledgerHeight").asLong()).isPositive().isLessThanOrEqualTo(ledger.height());
            assertThat(get(gateway, "/api/goods/" + press.robotId() + "-p1/where-used")
                            .get("productIds"))
                    .extracting(JsonNode::asText)
                    .containsExactly(frame, box);
            JsonNode history = get(gateway, "/api/goods/" + box + "/history").get("versions");
            JsonNode ledgerHistory = JSON.readTree(ledger.evaluate("retailer", GET_GOOD_HISTORY, box));
            assertThat(history)
                    .extracting(version -> version.get("function").asText())
                    .containsExactly(ASSEMBLE_PRODUCT.functionName(), RECORD_QUALITY_CHECK.functionName());
            assertThat(history.size()).isEqualTo(ledgerHistory.size());
            assertThat(get(gateway, "/api/goods/" + box + "/epcis")
                            .get("epcisBody")
                            .get("eventList")
                            .size())
                    .as("EPCIS events of the whole tree")
                    .isGreaterThanOrEqualTo(6);

            // The tree is now cached; a later check of the box changes it, and the next answer shows it.
            assertThat(get(gateway, "/api/goods/" + box + "/provenance").get("provenance"))
                    .isEqualTo(fromPeer.get("provenance"));
            publisher.publish(welder, welder.event(MessageType.QUALITY_CHECK, check(box)));
            Await.until(
                    "the second check in the tree",
                    TIMEOUT,
                    () -> get(gateway, "/api/goods/" + box + "/provenance")
                                    .at("/provenance/tree/good/qualityChecks")
                                    .size()
                            == 2);
            assertThat(get(gateway, "/api/goods/" + box + "/provenance").get("provenance"))
                    .isEqualTo(get(gateway, "/api/goods/" + box + "/provenance?source=ledger")
                            .get("provenance"));
            assertThat(gateway.meters()
                            .get("gateway_provenance_tree_cache_hits")
                            .gauge()
                            .value())
                    .isPositive();

            // Clients that accept gzip get the same bytes compressed (first compressed, then the cached
            // copy); others plain JSON. A plain JDK client: WebTestClient's asks for gzip and decodes it itself.
            HttpClient http = HttpClient.newHttpClient();
            URI tree = URI.create("http://127.0.0.1:" + gateway.port() + "/api/goods/" + box + "/provenance");
            HttpResponse<byte[]> plain =
                    http.send(treeRequest(gateway, tree, null), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).isEmpty();
            assertThat(plain.headers().allValues(HttpHeaders.VARY)).containsExactly(HttpHeaders.ACCEPT_ENCODING);
            assertThat(JSON.readTree(plain.body()).get("provenance"))
                    .isEqualTo(get(gateway, "/api/goods/" + box + "/provenance?source=ledger")
                            .get("provenance"));
            for (String acceptEncoding : List.of("gzip", "br;q=1.0, gzip;q=0.8, *;q=0.1")) {
                HttpResponse<byte[]> compressed =
                        http.send(treeRequest(gateway, tree, acceptEncoding), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(compressed.statusCode()).isEqualTo(200);
                assertThat(compressed.headers().firstValue(HttpHeaders.CONTENT_ENCODING))
                        .contains("gzip");
                assertThat(compressed.headers().allValues(HttpHeaders.VARY))
                        .containsExactly(HttpHeaders.ACCEPT_ENCODING);
                assertThat(compressed.body().length).isLessThan(plain.body().length);
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
                    assertThat(in.readAllBytes())
                            .as("decompressed, Accept-Encoding: " + acceptEncoding)
                            .isEqualTo(plain.body());
                }
            }
            HttpResponse<byte[]> refused = http.send(
                    treeRequest(gateway, tree, "gzip;q=0, identity"), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(refused.headers().firstValue(HttpHeaders.CONTENT_ENCODING))
                    .isEmpty();
            assertThat(refused.body()).isEqualTo(plain.body());
        }
    }

    @Test
    void afterARestartAndAPeerOutageTheReadModelResumesFromItsCheckpointWithNothingRepeated() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TestRobot press = new TestRobot("rm-restart-" + run);
        String clientId = "read-model-restart-" + run;
        try (Publisher publisher = new Publisher(INFRA.broker().uri(), "robots-" + run)) {
            List<String> goods = new ArrayList<>();
            try (InProcessGateway gateway = gateway(clientId)) {
                gateway.register(press);
                for (int i = 0; i < 3; i++) {
                    goods.add(press.robotId() + "-g" + i);
                    publisher.publish(
                            press, press.event(MessageType.COMPONENT_PRODUCED, component(goods.get(i), "plate")));
                }
                Await.until(
                        "three goods in the read model",
                        TIMEOUT,
                        () -> status(gateway, "/api/goods/" + goods.get(2)) == 200);
            }
            // While the gateway is away, another client of the org records more on the ledger.
            String pressRecord = ledger.evaluate("manufacturer", GET_ROBOT, press.robotId());
            assertThat(pressRecord).contains(press.robotId());
            for (int i = 3; i < 5; i++) {
                goods.add(press.robotId() + "-g" + i);
                ObjectNode production = component(goods.get(i), "plate")
                        .put("robotId", press.robotId())
                        .put("producedAtEpochMillis", System.currentTimeMillis() - 1_000);
                ledger.submit(
                        "manufacturer", RECORD_PRODUCTION, "other-client-" + run + "-" + i, production.toString());
            }
            try (InProcessGateway gateway = gateway(clientId)) {
                Await.until(
                        "the goods recorded meanwhile",
                        TIMEOUT,
                        () -> status(gateway, "/api/goods/" + goods.get(4)) == 200);
                double streamFailures = gateway.counter("gateway_read_model_stream_failures");
                ledger.stopPeer();
                Await.until(
                        "the block stream broken",
                        TIMEOUT,
                        () -> gateway.counter("gateway_read_model_stream_failures") > streamFailures);
                ledger.startPeer();
                goods.add(press.robotId() + "-g5");
                publisher.publish(press, press.event(MessageType.COMPONENT_PRODUCED, component(goods.get(5), "plate")));
                Await.until(
                        "a good recorded after the outage",
                        TIMEOUT,
                        () -> status(gateway, "/api/goods/" + goods.get(5)) == 200);
                Await.until(
                        "the read model at the ledger's height",
                        TIMEOUT,
                        () -> get(gateway, "/api/goods/" + goods.get(5))
                                        .get("ledgerHeight")
                                        .asLong()
                                == ledger.height());

                for (String good : goods) {
                    assertThat(get(gateway, "/api/goods/" + good + "/history").get("versions"))
                            .as(good)
                            .hasSize(1);
                }
                long versions = INFRA.db()
                        .count(
                                "SELECT count(*) FROM ledger_state_history WHERE object_type = 'good'"
                                        + " AND attributes[1] LIKE ?",
                                press.robotId() + "-g%");
                assertThat(versions)
                        .as("one version per good, none projected twice")
                        .isEqualTo(goods.size());
                long height = ledger.height();
                assertThat(INFRA.db().count("SELECT next_block FROM ledger_checkpoint WHERE channel = 'provenance'"))
                        .isEqualTo(height);
                // Each block's header hash, as the read model computed it, is what the peer's next block names
                // (from the last block before this test: on Fabric the ledger holds every earlier run's too).
                for (long number = Math.max(0, startHeight - 1); number + 1 < height; number++) {
                    byte[] hash = INFRA.db()
                            .jdbc()
                            .queryForObject(
                                    "SELECT header_hash FROM ledger_blocks"
                                            + " WHERE channel = 'provenance' AND block_number = ?",
                                    byte[].class,
                                    number);
                    assertThat(hash)
                            .as("header hash of block %d", number)
                            .isEqualTo(ledger.block(number + 1)
                                    .getHeader()
                                    .getPreviousHash()
                                    .toByteArray());
                }
            }
        }
    }
}
