package dev.robotledger.gateway.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MqttIngestionPropertiesTest {

    private static MqttIngestionProperties withGroup(String group) {
        return new MqttIngestionProperties(
                "tcp://127.0.0.1:1883", "gw-1", "factory/+/+/+/#", group, 100, 60, "", null, null);
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
        assertThatThrownBy(() -> withGroup("a/b"))
                .hasMessageContaining("gateway.mqtt.shared-group")
                .hasMessageContaining("a/b");
    }

    @Test
    void namesAMissingBrokerUrl() {
        assertThatThrownBy(() -> new MqttIngestionProperties(" ", "gw-1", "factory/#", "g", 100, 60, "", null, null))
                .hasMessageContaining("gateway.mqtt.broker-url");
    }

    @Test
    void namesTheMissingPasswordFileOfABrokerUser() {
        assertThatThrownBy(() -> new MqttIngestionProperties(
                        "tcp://127.0.0.1:1883", "gw-1", "factory/#", "", 100, 60, "gateway", null, null))
                .hasMessageContaining("gateway.mqtt.password-file")
                .hasMessageContaining("gateway");
    }

    @Test
    void namesTheMissingTlsIdentityOfAnSslBroker() {
        assertThatThrownBy(() -> new MqttIngestionProperties(
                        "ssl://127.0.0.1:8883", "gw-1", "factory/#", "", 100, 60, "", null, null))
                .hasMessageContaining("gateway.mqtt.tls")
                .hasMessageContaining("ssl://127.0.0.1:8883");
    }

    @Test
    void refusesATlsIdentityForAPlainBroker() {
        MqttIngestionProperties.Tls tls =
                new MqttIngestionProperties.Tls(Path.of("ca.pem"), Path.of("gw.pem"), Path.of("gw-key.pem"));
        assertThatThrownBy(() -> new MqttIngestionProperties(
                        "tcp://127.0.0.1:1883", "gw-1", "factory/#", "", 100, 60, "", null, tls))
                .hasMessageContaining("gateway.mqtt.tls")
                .hasMessageContaining("not ssl://");
    }
}
