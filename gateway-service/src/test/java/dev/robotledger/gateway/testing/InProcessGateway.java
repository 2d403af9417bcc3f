package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.GatewayApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway application in this JVM on a random HTTP port, wired to a real broker and database. */
public final class InProcessGateway implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private InProcessGateway(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static InProcessGateway start(PostgresServer postgres, String brokerUrl, String clientId,
                                         String... extraProperties) {
        return start(postgres, brokerUrl, clientId, List.of(), extraProperties);
    }

    /** Starts with extra singleton beans, e.g. a test double at the ledger edge. */
    public static InProcessGateway start(PostgresServer postgres, String brokerUrl, String clientId,
                                         List<Object> extraBeans, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "gateway.journal.jdbc-url=" + postgres.jdbcUrl(),
                "gateway.journal.username=" + postgres.username(),
                "gateway.mqtt.broker-url=" + brokerUrl,
                "gateway.mqtt.client-id=" + clientId,
                // Mosquitto keeps dealing shared-subscription messages to offline persistent
                // sessions of the group, so each test's gateway gets a group of its own.
                "gateway.mqtt.shared-group=group-" + clientId,
                "gateway.anchoring.max-age=300ms",
                "gateway.anchoring.poll-interval=100ms"));
        properties.addAll(List.of(extraProperties));
        return new InProcessGateway(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties.toArray(String[]::new))
                .initializers(context -> extraBeans.forEach(bean -> context.getBeanFactory()
                        .registerSingleton(bean.getClass().getName(), bean)))
                .run());
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public WebTestClient web() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    public MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    public double counter(String name, String... tags) {
        var counter = meters().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    public void register(TestRobot robot) {
        web().post().uri("/api/robots")
                .bodyValue(java.util.Map.of("robotId", robot.robotId(), "publicKey", robot.publicKeyBase64()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.robotId").isEqualTo(robot.robotId());
    }

    @Override
    public void close() {
        context.close();
    }
}
