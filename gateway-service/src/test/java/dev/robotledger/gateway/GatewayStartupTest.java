package dev.robotledger.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class GatewayStartupTest {

    @Test
    void refusesToStartWithoutJournalUrlAndNamesTheSetting() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .properties("gateway.journal.username=postgres");

        assertThatThrownBy(gateway::run)
                .hasStackTraceContaining("missing setting gateway.journal.jdbc-url")
                .hasStackTraceContaining("GATEWAY_JOURNAL_JDBCURL");
    }

    @Test
    void refusesReceiveMaximumOutsideTheMqttRange() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:1/none",
                        "gateway.journal.username=postgres",
                        "gateway.mqtt.receive-maximum=0");

        assertThatThrownBy(gateway::run).hasStackTraceContaining("gateway.mqtt.receive-maximum must be 1..65535");
    }

    @Test
    void refusesToStartWithoutApiTokensFileAndNamesTheSetting() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(
                        "server.port=0",
                        "gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:1/none",
                        "gateway.journal.username=postgres");

        assertThatThrownBy(gateway::run)
                .hasStackTraceContaining("missing setting gateway.api.tokens-file")
                .hasStackTraceContaining("GATEWAY_API_TOKENSFILE");
    }
}
