package dev.robotledger.gateway.access;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.CsrfSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.FormLoginSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.HttpBasicSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.LogoutSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import tools.jackson.databind.ObjectMapper;

/**
 * Bearer-token access to the HTTP API: the token names a role, {@link AccessRules} say which roles
 * may send which request, everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class AccessConfiguration {

    /**
     * No Micrometer observations of the security filter chain, authentication and authorization:
     * no dashboard or alert reads them, and their wrappers of every filter cost about a seventh of
     * the gateway's CPU samples on a one-record query (JFR, ProvenanceQueryBenchmark). Refusals are
     * still counted by {@link AccessRefusals}; HTTP requests are still observed
     * ({@code http.server.requests}).
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityWebFilterChain apiAccess(
            ServerHttpSecurity http, TokenIntrospector tokens, ObjectMapper json, MeterRegistry meters) {
        AccessRefusals refusals = new AccessRefusals(AccessRules.gateway(), json, meters);
        return http
                // Credentials travel only in the Authorization header, never in cookies, so a
                // cross-site request carries none: there is nothing for CSRF protection to guard.
                .csrf(CsrfSpec::disable)
                .httpBasic(HttpBasicSpec::disable)
                .formLogin(FormLoginSpec::disable)
                .logout(LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .oauth2ResourceServer(bearer -> bearer.authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals)
                        .opaqueToken(opaque -> opaque.introspector(tokens)))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .authorizeExchange(AccessConfiguration::apply)
                .build();
    }

    private static void apply(AuthorizeExchangeSpec exchanges) {
        for (AccessRules.Rule rule : AccessRules.gateway().rules()) {
            for (HttpMethod method : rule.methods()) {
                AuthorizeExchangeSpec.Access access =
                        exchanges.pathMatchers(method, rule.patterns().toArray(String[]::new));
                if (rule.open()) {
                    access.permitAll();
                } else {
                    access.hasAnyRole(AccessRules.authorityNames(rule));
                }
            }
        }
        exchanges.anyExchange().denyAll();
    }
}
