package dev.robotledger.gateway.lightning.lnd;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This party's lnd node, when one is configured; without one the gateway moves no money. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.lightning", name = "host")
class LndConfiguration {

    @Bean
    LndRestNode lightningNode(LndProperties properties) {
        return LndRestNode.connect(properties);
    }
}
