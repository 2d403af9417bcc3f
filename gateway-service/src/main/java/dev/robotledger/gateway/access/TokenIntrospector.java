package dev.robotledger.gateway.access;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves an opaque bearer token to its holder from the configured hashes, in place of a call to
 * an OAuth 2 introspection endpoint: the tokens are issued by {@code network/system.sh}, not by an
 * authorization server. A component of its own so that a missing or malformed tokens file stops
 * the start before the gateway connects to its database and broker.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
final class TokenIntrospector implements ReactiveOpaqueTokenIntrospector {

    static final String ROLE_ATTRIBUTE = "role";

    private static final Logger log = LoggerFactory.getLogger(TokenIntrospector.class);

    private final AccessTokens tokens;
    private final Sessions sessions;

    TokenIntrospector(AccessProperties properties, Sessions sessions) {
        this.tokens = AccessTokens.load(properties.tokensFile());
        this.sessions = sessions;
        log.info(
                "HTTP API: {} bearer token hashes from {}; rules: {}",
                tokens.size(),
                properties.tokensFile(),
                AccessRules.gateway());
    }

    @Override
    public Mono<OAuth2AuthenticatedPrincipal> introspect(String token) {
        return tokens.callerOf(token)
                .or(() -> sessions.callerOf(token))
                .<OAuth2AuthenticatedPrincipal>map(caller -> new DefaultOAuth2AuthenticatedPrincipal(
                        caller.name(),
                        Map.of(ROLE_ATTRIBUTE, caller.role().label()),
                        List.of(new SimpleGrantedAuthority(caller.role().authority()))))
                .map(Mono::just)
                .orElseGet(
                        () -> Mono.error(
                                new BadOpaqueTokenException(
                                        "the bearer token is not one the gateway has issued (or it was replaced, or its session ended)")));
    }
}
