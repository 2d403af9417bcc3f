package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.GatewayApplication;
import dev.robotledger.gateway.access.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway application in this JVM on a random HTTP port, wired to a real broker and database. */
public final class InProcessGateway implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ApiTokens tokens;

    private InProcessGateway(ConfigurableApplicationContext context, ApiTokens tokens) {
        this.context = context;
        this.tokens = tokens;
    }

    public static InProcessGateway start(
            PostgresEndpoint postgres, String brokerUrl, String clientId, String... extraProperties) {
        return start(postgres, brokerUrl, clientId, List.of(), extraProperties);
    }

    /** Starts with extra singleton beans, e.g. a test double at the ledger edge. */
    public static InProcessGateway start(
            PostgresEndpoint postgres,
            String brokerUrl,
            String clientId,
            List<Object> extraBeans,
            String... extraProperties) {
        ApiTokens tokens = ApiTokens.generate();
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "gateway.api.tokens-file=" + tokens.hashesFile(),
                "gateway.journal.jdbc-url=" + postgres.jdbcUrl(),
                "gateway.journal.username=" + postgres.username(),
                "gateway.mqtt.broker-url=" + brokerUrl,
                "gateway.mqtt.client-id=" + clientId,
                "gateway.anchoring.max-age=300ms",
                "gateway.anchoring.poll-interval=100ms"));
        properties.addAll(List.of(extraProperties));
        return new InProcessGateway(
                new SpringApplicationBuilder(GatewayApplication.class)
                        .properties(properties.toArray(String[]::new))
                        .initializers(context -> extraBeans.forEach(bean -> context.getBeanFactory()
                                .registerSingleton(bean.getClass().getName(), bean)))
                        .run(),
                tokens);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A client that calls as the operator. */
    public WebTestClient web() {
        return web(Role.OPERATOR);
    }

    public WebTestClient web(Role role) {
        return anonymousWeb()
                .mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token(role))
                .build();
    }

    /** A client that sends no credentials. */
    public WebTestClient anonymousWeb() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    public String token(Role role) {
        return tokens.token(role);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    public double counter(String name, String... tags) {
        var counter = meters().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    public void register(TestRobot robot) {
        register(robot.robotId(), robot.keys().getPublic());
    }

    /** Registers a robot's public key through the API, e.g. a robot-agent's. */
    public void register(String robotId, java.security.PublicKey publicKey) {
        web().post()
                .uri("/api/robots")
                // The details RegisterRobot needs when a ledger is configured; ignored without one.
                .bodyValue(java.util.Map.of(
                        "robotId",
                        robotId,
                        "publicKey",
                        java.util.Base64.getEncoder().encodeToString(publicKey.getEncoded()),
                        "model",
                        "test robot",
                        "site",
                        "site-1",
                        "line",
                        "line-1",
                        "station",
                        robotId,
                        "capabilities",
                        java.util.List.of("PRODUCE", "ASSEMBLE", "INSPECT")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.robotId")
                .isEqualTo(robotId);
    }

    @Override
    public void close() {
        context.close();
    }
}
