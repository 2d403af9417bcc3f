package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every refusal of the API, for an authorised caller, is an RFC 7807 problem naming what was wrong. */
class ApiErrorsIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static InProcessGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "errors-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of("POST", "/api/robots/ghost-9/revoke", null, 404, "robot ghost-9 is not registered"),
                Arguments.of("GET", "/api/readings/ghost-9/4/proof", null, 404, "ghost-9"),
                Arguments.of("GET", "/api/readings/ghost-9/-1/proof", null, 400, "not negative"),
                Arguments.of(
                        "GET",
                        "/api/readings/ghost-9/four/proof",
                        null,
                        400,
                        "readingSeq must be of type long, was 'four'"),
                Arguments.of(
                        "GET", "/api/goods/ghost-good/provenance", null, 404, "good ghost-good is not on the ledger"),
                Arguments.of("GET", "/api/goods/ghost-good", null, 404, "good ghost-good is not on the ledger"),
                Arguments.of("GET", "/api/goods/ghost-good/where-used", null, 404, "ghost-good"),
                Arguments.of("GET", "/api/goods/ghost-good/epcis", null, 404, "ghost-good"),
                Arguments.of("GET", "/api/goods/g-1/provenance?maxDepth=40", null, 400, "maxDepth 40 is outside 0..32"),
                Arguments.of(
                        "GET",
                        "/api/goods/g-1/provenance?maxNodes=none",
                        null,
                        400,
                        "maxNodes must be of type int, was 'none'"),
                Arguments.of(
                        "GET",
                        "/api/goods/g-1/provenance?source=rumour",
                        null,
                        400,
                        "source must be read-model or ledger, was 'rumour'"),
                Arguments.of("GET", "/api/goods/g-1/provenance?source=ledger", null, 503, "no peer is configured"),
                Arguments.of("GET", "/api/goods/g-1/collateral-report", null, 503, "no peer is configured"),
                Arguments.of("GET", "/api/goods/g-1/certificate", null, 503, "no organisation identity to sign"),
                Arguments.of("GET", "/api/dead-letters?limit=0", null, 400, "limit must be 1..1000, was 0"),
                Arguments.of("GET", "/api/dead-letters?limit=many", null, 400, "limit must be of type int, was 'many'"),
                Arguments.of("GET", "/api/dead-letters?reason=LOUD", null, 400, "reason must be one of [OVERSIZED"),
                Arguments.of(
                        "POST",
                        "/api/robots",
                        "{\"robotId\": ",
                        400,
                        "the request body is not what this endpoint reads"),
                Arguments.of("POST", "/api/robots", "{\"robotId\":\"bad id!\",\"publicKey\":\"x\"}", 400, "bad id!"),
                Arguments.of(
                        "POST",
                        "/api/robots",
                        "{\"robotId\":\"r-1\",\"publicKey\":\"%%%\"}",
                        400,
                        "public key of robot r-1 is not base64"),
                Arguments.of(
                        "POST",
                        "/api/robots",
                        "{\"robotId\":\"r-1\",\"publicKey\":\"x\",\"site\":\"" + "s".repeat(65) + "\"}",
                        400,
                        "site must be at most 64 characters, was 65"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("refusedRequests")
    void refusalIsAProblemDetailNamingTheOffendingValue(
            String method, String uri, String body, int status, String detail) {
        WebTestClient.RequestBodySpec request =
                gateway.web().method(HttpMethod.valueOf(method)).uri(uri);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }

        request.exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .value(text -> assertThat((String) text).contains(detail));
    }
}
