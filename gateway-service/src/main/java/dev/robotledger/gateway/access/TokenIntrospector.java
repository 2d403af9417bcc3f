package dev.robotledger.gateway.access;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import reactor.core.publisher.Mono;

/**
 * Resolves an opaque bearer token to its holder from the configured hashes, in place of a call to
 * an OAuth 2 introspection endpoint: the tokens are issued by {@code network/system.sh}, not by an
 * authorization server.
 */
final class TokenIntrospector implements ReactiveOpaqueTokenIntrospector {

    static final String ROLE_ATTRIBUTE = "role";

    private final AccessTokens tokens;

    TokenIntrospector(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<OAuth2AuthenticatedPrincipal> introspect(String token) {
        return tokens.callerOf(token)
                .<OAuth2AuthenticatedPrincipal>map(caller -> new DefaultOAuth2AuthenticatedPrincipal(caller.name(),
                        Map.of(ROLE_ATTRIBUTE, caller.role().label()),
                        List.of(new SimpleGrantedAuthority(caller.role().authority()))))
                .map(Mono::just)
                .orElseGet(() -> Mono.error(new BadOpaqueTokenException(
                        "the bearer token is not one the gateway has issued (or it was replaced)")));
    }
}
