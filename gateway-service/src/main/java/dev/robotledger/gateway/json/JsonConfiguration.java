package dev.robotledger.gateway.json;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Boot's auto-configured mapper, which reads and writes every HTTP body, gets {@link Json}'s settings. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer gatewayJsonSettings() {
        return Json::configure;
    }
}
