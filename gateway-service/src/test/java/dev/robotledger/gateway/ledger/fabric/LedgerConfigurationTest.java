package dev.robotledger.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.ledger.LedgerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class LedgerConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LedgerProperties.class)
    static class WithLedgerProperties {}

    @Test
    void noLedgerConnectionExistsWithoutPeerEndpoint() {
        new ApplicationContextRunner()
                .withUserConfiguration(WithLedgerProperties.class, LedgerConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(LedgerConnection.class);
                });
    }
}
