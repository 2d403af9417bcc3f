package dev.robotledger.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.annotation.Order;
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

/**
 * Requests Spring Security's firewall refuses (encoded slashes, semicolons, control characters in
 * a parameter name ...) answered as 400 problem details. The firewall refuses some at once (its
 * default handler answers with an empty body) and others only when a handler reads the query
 * parameters, after the request has passed: those surfaced as 500s with a stack trace at ERROR.
 * Ordered before Boot's error handler (-1), which would make them so.
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

    static ProblemDetail problem(ServerExchangeRejectedException rejected) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, rejected.getMessage());
        problem.setTitle("Request rejected");
        return problem;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        mistakes.refused(exchange, HttpStatus.BAD_REQUEST.value(), rejected.getMessage());
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(rejected);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem(rejected));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        return failure instanceof ServerExchangeRejectedException rejected ? handle(exchange, rejected) : Mono.error(failure);
    }
}
