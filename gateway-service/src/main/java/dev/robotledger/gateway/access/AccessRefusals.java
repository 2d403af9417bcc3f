package dev.robotledger.gateway.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Answers refused requests with RFC 7807 problem details and RFC 6750 {@code WWW-Authenticate}
 * challenges: 401 when no valid token came, 403 when the token's role may not send the request.
 * A method no rule takes on a path the rules name is 405 with the {@code Allow} header (RFC 9110),
 * whoever sends it: access control runs before method routing, and would otherwise answer 401.
 * Each refusal is logged and counted ({@code gateway_api_refusals_total{status}}).
 */
final class AccessRefusals implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(AccessRefusals.class);

    private final AccessRules rules;
    private final ObjectMapper json;
    private final Counter unauthenticated;
    private final Counter forbidden;
    private final Counter methodNotAllowed;

    AccessRefusals(AccessRules rules, ObjectMapper json, MeterRegistry meters) {
        this.rules = rules;
        this.json = json;
        this.unauthenticated = refusals(meters, HttpStatus.UNAUTHORIZED);
        this.forbidden = refusals(meters, HttpStatus.FORBIDDEN);
        this.methodNotAllowed = refusals(meters, HttpStatus.METHOD_NOT_ALLOWED);
    }

    private static Counter refusals(MeterRegistry meters, HttpStatus status) {
        return Counter.builder("gateway.api.refusals")
                .tag("status", String.valueOf(status.value()))
                .description("HTTP API requests refused by access control")
                .register(meters);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException refusal) {
        Set<HttpMethod> allowed = otherMethods(exchange);
        if (!allowed.isEmpty()) {
            return methodNotAllowed(exchange, allowed);
        }
        String request = request(exchange);
        boolean tokenPresented = refusal instanceof OAuth2AuthenticationException;
        String detail = tokenPresented
                ? "the bearer token was refused for " + request + ": " + refusal.getMessage()
                : request + " needs a bearer token: send 'Authorization: Bearer <token>'"
                        + " (network/system.sh up writes one per role to .state/api/<role>.token)";
        String challenge = tokenPresented
                ? "Bearer error=\"invalid_token\", error_description=\"" + quoted(refusal.getMessage()) + "\""
                : "Bearer";
        unauthenticated.increment();
        log.info("refused {} from {}: {}", request, exchange.getRequest().getRemoteAddress(), detail);
        return write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                tokenPresented ? "Invalid bearer token" : "Authentication required",
                detail,
                challenge);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        Set<HttpMethod> allowed = otherMethods(exchange);
        if (!allowed.isEmpty()) {
            return methodNotAllowed(exchange, allowed);
        }
        return exchange.getPrincipal()
                .map(AccessRefusals::caller)
                .defaultIfEmpty("an unidentified caller")
                .flatMap(caller -> {
                    String request = request(exchange);
                    HttpMethod method = exchange.getRequest().getMethod();
                    String detail = rules.ruleFor(
                                    method, exchange.getRequest().getPath().value())
                            .map(rule -> caller + " may not call " + request + "; allowed roles: " + rule.roleLabels())
                            .orElse("no access rule allows " + request + ", so nobody may call it (the API refuses"
                                    + " what it does not list)");
                    forbidden.increment();
                    log.info(
                            "refused {} from {}: {}",
                            request,
                            exchange.getRequest().getRemoteAddress(),
                            detail);
                    return write(
                            exchange,
                            HttpStatus.FORBIDDEN,
                            "Role not allowed",
                            detail,
                            "Bearer error=\"insufficient_scope\", error_description=\"" + quoted(detail) + "\"");
                });
    }

    /** The methods the rules take on the request's path when its own is not one of them, else none. */
    private Set<HttpMethod> otherMethods(ServerWebExchange exchange) {
        Set<HttpMethod> allowed =
                rules.methodsFor(exchange.getRequest().getPath().value());
        return allowed.contains(exchange.getRequest().getMethod()) ? Set.of() : allowed;
    }

    private Mono<Void> methodNotAllowed(ServerWebExchange exchange, Set<HttpMethod> allowed) {
        String request = request(exchange);
        String detail = request + ": this path takes "
                + allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        methodNotAllowed.increment();
        log.info("refused {} from {}: {}", request, exchange.getRequest().getRemoteAddress(), detail);
        exchange.getResponse().getHeaders().setAllow(allowed);
        return write(exchange, HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", detail, null);
    }

    private static String caller(Principal principal) {
        if (principal instanceof BearerTokenAuthentication bearer) {
            Object role = bearer.getTokenAttributes().get(TokenIntrospector.ROLE_ATTRIBUTE);
            return bearer.getName() + " (role " + role + ")";
        }
        return principal.getName();
    }

    private static String request(ServerWebExchange exchange) {
        return exchange.getRequest().getMethod() + " "
                + exchange.getRequest().getPath().value();
    }

    /** RFC 6750's quoted-string may not hold quotes or backslashes. */
    private static String quoted(String text) {
        return String.valueOf(text).replace('"', '\'').replace('\\', '/');
    }

    private Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String title, String detail, String challenge) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JacksonException e) {
            return Mono.error(e);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (challenge != null) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        // Reactor Netty 1.2.12 sometimes stopped reading a kept-alive connection after a refusal, so a
        // browser's next request on it was never answered (KeepAliveAfterRefusalIT); a refused
        // client opens a new connection instead.
        response.getHeaders().setConnection("close");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
