package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The access table in gateway-service/README.md against the running gateway: every route the
 * application registers has a row, and every row's request, sent with each role's token, with no
 * token and with a wrong token, gets past access control exactly where the table says so.
 */
class ApiAccessIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    // HTTP/1.1 as browsers and curl speak it to this server; the JDK client's default h2c upgrade
    // attempt left a later request on a reused connection unanswered in 2 of 3 runs.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRONG_TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static InProcessGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "access-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyRegisteredRouteHasARowAndEveryRowARoute() {
        Set<String> registered = RegisteredRoutes.of(gateway.context());
        Set<String> listed = new TreeSet<>(
                AccessTable.read().rows().stream().map(AccessTable.Row::route).toList());

        assertThat(registered).as("routes the gateway registers").contains("GET /api/robots", "POST /api/robots");
        assertThat(listed)
                .as(
                        "routes in the access table of %s (add a row for each route the gateway registers)",
                        AccessTable.README.toAbsolutePath())
                .containsAll(registered);
        assertThat(registered)
                .as("access table rows whose route the gateway no longer registers")
                .containsAll(listed);
    }

    static Stream<Arguments> everyRowByEveryCaller() {
        List<Arguments> calls = new ArrayList<>();
        for (AccessTable.Row row : AccessTable.read().rows()) {
            row.expected().forEach((caller, expected) -> calls.add(Arguments.of(row, caller, expected)));
            calls.add(Arguments.of(row, "wrong token", "401"));
        }
        return calls.stream();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("everyRowByEveryCaller")
    void eachCallerGetsPastAccessControlExactlyWhereTheTableAllowsIt(
            AccessTable.Row row, String caller, String expected) throws Exception {
        Answer answer = send(row.method(), row.path(), credentialsOf(caller));

        if (expected.equals("allowed")) {
            // 503 is an honest answer of a route that needs the peer in a gateway run without one.
            assertThat(answer.status())
                    .as("%s as %s", row, caller)
                    .isNotIn(401, 403, 500, 502)
                    .isLessThan(504);
        } else {
            assertThat(String.valueOf(answer.status()))
                    .as("%s as %s", row, caller)
                    .isEqualTo(expected);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.problem().path("status").asInt()).isEqualTo(answer.status());
            String pathWithoutQuery = row.path().split("\\?")[0];
            assertThat(answer.problem().path("detail").asString()).contains(row.method() + " " + pathWithoutQuery);
            assertThat(answer.challenge()).startsWith("Bearer");
        }
    }

    @Test
    void refusalsSayWhatWasMissingAndWhoMayCall() throws Exception {
        Answer anonymous = send("POST", "/api/robots", null);
        Answer wrong = send("POST", "/api/robots", WRONG_TOKEN);
        Answer retailer = send("POST", "/api/robots", gateway.token(Role.RETAILER));

        assertThat(anonymous.problem().path("title").asString()).isEqualTo("Authentication required");
        assertThat(anonymous.problem().path("detail").asString()).contains("needs a bearer token");
        assertThat(anonymous.challenge()).isEqualTo("Bearer");
        assertThat(wrong.problem().path("title").asString()).isEqualTo("Invalid bearer token");
        assertThat(wrong.challenge()).startsWith("Bearer error=\"invalid_token\"");
        assertThat(retailer.status()).isEqualTo(403);
        assertThat(retailer.problem().path("detail").asString())
                .isEqualTo("test-retailer (role retailer) may not call POST /api/robots; allowed roles: operator");
        assertThat(retailer.challenge()).startsWith("Bearer error=\"insufficient_scope\"");
        assertThat(gateway.counter("gateway.api.refusals", "status", "401")).isGreaterThanOrEqualTo(2);
        assertThat(gateway.counter("gateway.api.refusals", "status", "403")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anApiPathWithoutARuleIsRefusedEvenToTheOperator() throws Exception {
        Answer anonymous = send("GET", "/api/not-a-route", null);
        Answer operator = send("DELETE", "/api/not-a-route", gateway.token(Role.OPERATOR));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.problem().path("detail").asString())
                .isEqualTo("no access rule allows DELETE /api/not-a-route, so nobody may call it (the API refuses what"
                        + " it does not list)");
    }

    // A path the rules name, with a method none of them takes: 405, not a refusal of the caller.
    @Test
    void aMethodNoRuleTakesOnANamedPathIs405ForEveryCaller() throws Exception {
        for (String credentials : Arrays.asList(null, WRONG_TOKEN, gateway.token(Role.OPERATOR))) {
            Answer answer = send("DELETE", "/api/robots", credentials);
            assertThat(answer.status()).isEqualTo(405);
            assertThat(answer.problem().path("detail").asString())
                    .isEqualTo("DELETE /api/robots: this path takes GET, HEAD, POST");
        }
    }

    private static String credentialsOf(String caller) {
        return switch (caller) {
            case AccessTable.NO_TOKEN -> null;
            case "wrong token" -> WRONG_TOKEN;
            default -> gateway.token(Role.valueOf(caller.toUpperCase(Locale.ROOT)));
        };
    }

    private record Answer(int status, String contentType, String challenge, JsonNode problem) {}

    /**
     * Sends a request and reads the body only of refusals: an allowed request may open an endless
     * stream (Server-Sent Events), whose headers are all this test needs.
     */
    private static Answer send(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            // A request once stalled here for the whole timeout in CI (not reproduced in 300 tries; the
            // suspect is a pooled connection whose previous body was closed unread). Every finite body
            // is now read to its end, so its connection returns to the pool clean; only an endless
            // stream (Server-Sent Events) is closed unread, which drops its connection.
            byte[] bytes = contentType.startsWith("text/event-stream") ? new byte[0] : body.readAllBytes();
            JsonNode problem =
                    response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 405
                            ? JSON.readTree(bytes)
                            : JSON.nullNode();
            return new Answer(
                    response.statusCode(),
                    contentType,
                    response.headers().firstValue("WWW-Authenticate").orElse(""),
                    problem);
        }
    }
}
