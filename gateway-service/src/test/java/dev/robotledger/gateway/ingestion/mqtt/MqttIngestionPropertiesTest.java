package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MqttIngestionPropertiesTest {

    private static MqttIngestionProperties withGroup(String group) {
        return new MqttIngestionProperties("tcp://127.0.0.1:1883", "gw-1", "factory/+/+/+/#", group, 100, 60, "", null);
    }

    @Test
    void subscribesThroughTheSharedGroup() {
        assertThat(withGroup("gateways").subscription()).isEqualTo("$share/gateways/factory/+/+/+/#");
    }

    @Test
    void subscribesPlainlyWithoutAGroup() {
        assertThat(withGroup(" ").subscription()).isEqualTo("factory/+/+/+/#");
    }

    @Test
    void refusesAGroupThatWouldChangeTheTopicFilter() {
        assertThatThrownBy(() -> withGroup("a/b")).hasMessageContaining("gateway.mqtt.shared-group").hasMessageContaining("a/b");
    }

    @Test
    void namesAMissingBrokerUrl() {
        assertThatThrownBy(() -> new MqttIngestionProperties(" ", "gw-1", "factory/#", "g", 100, 60, "", null))
                .hasMessageContaining("gateway.mqtt.broker-url");
    }

    @Test
    void namesTheMissingPasswordFileOfABrokerUser() {
        assertThatThrownBy(() -> new MqttIngestionProperties("tcp://127.0.0.1:1883", "gw-1", "factory/#", "", 100, 60,
                "gateway", null))
                .hasMessageContaining("gateway.mqtt.password-file").hasMessageContaining("gateway");
    }
}
