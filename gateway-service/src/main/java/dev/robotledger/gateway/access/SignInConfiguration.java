package dev.robotledger.gateway.access;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Browser sessions, and the one-time codes that open them when a codes file is configured; with the
 * HTTP API only, like the token check (so a gateway run without a web server needs no tokens file).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SignInConfiguration {

    @Bean
    Sessions sessions(AccessProperties properties) {
        return new Sessions(properties.sessionLifetime(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(prefix = "gateway.api", name = "sign-in-codes-file")
    SignInCodes signInCodes(AccessProperties properties, JdbcTemplate journal) {
        return new SignInCodes(properties.signInCodesFile(), journal);
    }
}
