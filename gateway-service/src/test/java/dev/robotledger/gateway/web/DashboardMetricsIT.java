package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.agent.testing.MosquittoBroker;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every metric a Grafana panel in dashboards/ queries is one the running gateway really exports to
 * the token Prometheus scrapes with.
 */
class DashboardMetricsIT {

    private static final Path GRAFANA_DASHBOARDS = Path.of("..", "dashboards", "grafana");
    private static final Path PROMETHEUS_CONFIG = Path.of("..", "dashboards", "prometheus", "prometheus.yml");
    private static final Pattern CREDENTIALS_FILE =
            Pattern.compile("credentials_file:\\s*\\S*/\\.state/api/([a-z]+)\\.token");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:gateway|jvm)_[a-z0-9_]+)\\b");

    @Test
    void everyMetricThatAPanelQueriesIsExportedByTheGateway() throws Exception {
        Set<String> queried = metricsQueriedByPanels();

        String exported;
        try (PostgresServer postgres = PostgresServer.start();
                MosquittoBroker broker = MosquittoBroker.start();
                InProcessGateway gateway =
                        InProcessGateway.start(postgres, broker.uri(), "dashboard-" + UUID.randomUUID())) {
            exported = gateway.web(prometheusRole())
                    .get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
        }
        Set<String> exportedNames = exported.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(queried).isNotEmpty();
        assertThat(exportedNames).containsAll(queried);
    }

    /** The role of the token Prometheus scrapes with: its credentials file is .state/api/<role>.token. */
    private static Role prometheusRole() throws IOException {
        Matcher file = CREDENTIALS_FILE.matcher(Files.readString(PROMETHEUS_CONFIG));
        assertThat(file.find())
                .as("credentials_file of a .state/api/<role>.token in %s", PROMETHEUS_CONFIG)
                .isTrue();
        return Role.valueOf(file.group(1).toUpperCase(Locale.ROOT));
    }

    /** The metric names in every panel's queries; a panel that queries none of ours is an error. */
    private static Set<String> metricsQueriedByPanels() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(GRAFANA_DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                    Set<String> panelNames = new TreeSet<>();
                    for (JsonNode target : panel.path("targets")) {
                        Matcher matcher =
                                METRIC_NAME.matcher(target.path("expr").asString());
                        while (matcher.find()) {
                            panelNames.add(matcher.group(1));
                        }
                    }
                    assertThat(panelNames)
                            .as(
                                    "metrics of panel '%s' in %s",
                                    panel.path("title").asString(), file)
                            .isNotEmpty();
                    names.addAll(panelNames);
                }
            }
        }
        return names;
    }
}
