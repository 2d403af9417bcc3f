package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Requests a hostile or careless client sends: each answered with an RFC 7807 problem that names
 * no Java type, none logged at ERROR, and a flood of them logged a bounded number of times.
 */
class HostileRequestsIT {

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    // Qualified Java names, or the outer$inner form of a nested class.
    private static final String JAVA_TYPE = ".*([a-z]+\\.[a-z]+\\.[A-Za-z.]*[A-Z]|\\$[A-Z]|reactor\\.|java\\.).*";

    private static InProcessGateway gateway;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "hostile-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void captureLog() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void aControlCharacterInAnUnauthenticatedQueryIsA400ProblemNotA500() {
        assertProblem(
                gateway.anonymousWeb().get().uri(raw("/actuator/health?%01=1")).exchange(), 400, "parameter name");
        assertThat(errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/robots;x=1", "/api/robots/a%2Fb", "/api/robots/a%25b", "/api/robots/a%5Cb"})
    void aFirewallRejectionIsA400Problem(String path) {
        assertProblem(gateway.web().get().uri(raw(path)).exchange(), 400, "rejected");
        assertThat(errors()).isEmpty();
    }

    @Test
    void aMethodTheFirewallDoesNotAllowIsA405Problem() {
        WebTestClient.ResponseSpec answer =
                gateway.web().method(HttpMethod.TRACE).uri("/api/robots/r-1").exchange();
        answer.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET,HEAD");
        assertProblem(answer, 405, "TRACE");
        assertThat(errors()).isEmpty();
    }

    // Access control runs before method routing: without this a PUT to an open path was 401.
    @Test
    void aMethodNoAccessRuleTakesOnAKnownPathIsA405ProblemWhoeverSendsIt() {
        WebTestClient.ResponseSpec anonymous = gateway.anonymousWeb()
                .put()
                .uri("/api/sign-in")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"code\": \"9f2c4e0a1b7d3e5f\"}")
                .exchange();
        anonymous.expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
        anonymous.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
        assertProblem(anonymous, 405, "PUT /api/sign-in");
        WebTestClient.ResponseSpec operator =
                gateway.web().delete().uri("/api/organisation-cas").exchange();
        operator.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET,HEAD");
        assertProblem(operator, 405, "DELETE /api/organisation-cas");
        assertThat(errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"r-1\"", "{\"robotId\":[1]}", "{\"robotId\":{}}", "7"})
    void aBodyOfTheWrongShapeIsA400ProblemNamingNoJavaType(String body) {
        String detail = assertProblem(
                gateway.web()
                        .post()
                        .uri("/api/robots")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                400,
                "is expected");
        assertThat(detail).startsWith("the request body is not what this endpoint reads: at $");
    }

    @Test
    void aMissingBodyIsA400ProblemNamingNoJavaType() {
        assertProblem(
                gateway.web()
                        .post()
                        .uri("/api/robots")
                        .contentType(MediaType.APPLICATION_JSON)
                        .exchange(),
                400,
                "body");
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415ProblemNamingNoJavaType() {
        assertProblem(
                gateway.web()
                        .post()
                        .uri("/api/robots")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("r-1")
                        .exchange(),
                415,
                "text/plain");
    }

    @Test
    void aJsonBodyWithAKeyTwiceIsRefused() {
        assertProblem(
                gateway.web()
                        .post()
                        .uri("/api/robots")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"robotId\":\"dup-1\",\"robotId\":\"dup-2\",\"publicKey\":\"x\"}")
                        .exchange(),
                400,
                "Duplicate Object property \"robotId\"");
        gateway.web().get().uri("/api/robots/dup-1").exchange().expectStatus().isNotFound();
        gateway.web().get().uri("/api/robots/dup-2").exchange().expectStatus().isNotFound();
    }

    @Test
    void aFloodOfClientMistakesIsLoggedAtWarnABoundedNumberOfTimesWithoutStackTraces() {
        int requests = ClientMistakes.PER_MINUTE * 3;
        for (int i = 0; i < requests; i++) {
            gateway.anonymousWeb()
                    .get()
                    .uri(raw("/actuator/health?%01=" + i))
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }
        List<ILoggingEvent> warnings = log.list.stream()
                .filter(event -> event.getLoggerName().equals(ClientMistakes.class.getName()))
                .toList();
        // The burst may straddle a clock minute.
        assertThat(warnings).hasSizeBetween(1, 2 * ClientMistakes.PER_MINUTE);
        assertThat(warnings).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy()).isNull();
        });
        assertThat(errors()).isEmpty();
    }

    // As written, not encoded again: a URI object is sent as it is.
    private static URI raw(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery);
    }

    private List<ILoggingEvent> errors() {
        return log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .toList();
    }

    private static String assertProblem(WebTestClient.ResponseSpec response, int status, String detailPart) {
        String detail = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(ProblemBody.class)
                .returnResult()
                .getResponseBody()
                .detail();
        assertThat(detail).contains(detailPart).doesNotMatch(JAVA_TYPE);
        return detail;
    }

    record ProblemBody(int status, String title, String detail) {}
}
