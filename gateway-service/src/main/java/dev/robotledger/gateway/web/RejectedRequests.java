package dev.robotledger.gateway.web;

import dev.robotledger.gateway.access.AccessRules;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Requests Spring Security's firewall refuses (encoded slashes, semicolons, control characters in
 * a parameter name ...) answered as 400 problem details. The firewall refuses some at once (its
 * default handler answers with an empty body) and others only when a handler reads the query
 * parameters, after the request has passed: those surfaced as 500s with a stack trace at ERROR.
 * Ordered before Boot's error handler (-1), which would make them so. A method the firewall does
 * not allow at all (TRACE, CONNECT, made-up ones) is 405, as for a method a path does not take, with
 * the {@code Allow} header RFC 9110 asks for: the methods the access rules take on the path.
 */
@Component
@Order(-2)
class RejectedRequests implements ServerExchangeRejectedHandler, WebExceptionHandler {

    private final ObjectMapper json;
    private final ClientMistakes mistakes;

    RejectedRequests(ObjectMapper json, ClientMistakes mistakes) {
        this.json = json;
        this.mistakes = mistakes;
    }

    /** The firewall's default allowed methods (StrictServerWebExchangeFirewall). */
    private static final Set<HttpMethod> ALLOWED_METHODS = Set.of(
            HttpMethod.HEAD,
            HttpMethod.DELETE,
            HttpMethod.POST,
            HttpMethod.GET,
            HttpMethod.OPTIONS,
            HttpMethod.PATCH,
            HttpMethod.PUT);

    static HttpStatus status(ServerWebExchange exchange) {
        return ALLOWED_METHODS.contains(exchange.getRequest().getMethod())
                ? HttpStatus.BAD_REQUEST
                : HttpStatus.METHOD_NOT_ALLOWED;
    }

    static ProblemDetail problem(HttpStatus status, ServerExchangeRejectedException rejected) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, rejected.getMessage());
        problem.setTitle(status == HttpStatus.METHOD_NOT_ALLOWED ? "Method not allowed" : "Request rejected");
        return problem;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        HttpStatus status = status(exchange);
        mistakes.refused(exchange, status.value(), rejected.getMessage());
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(rejected);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem(status, rejected));
        } catch (JacksonException e) {
            return Mono.error(e);
        }
        response.setStatusCode(status);
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            response.getHeaders()
                    .setAllow(AccessRules.gateway()
                            .methodsFor(exchange.getRequest().getPath().value()));
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        return failure instanceof ServerExchangeRejectedException rejected
                ? handle(exchange, rejected)
                : Mono.error(failure);
    }
}
