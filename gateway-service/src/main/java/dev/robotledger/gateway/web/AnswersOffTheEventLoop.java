package dev.robotledger.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts every answer on another thread than the connection's event loop, so none completes
 * within Reactor Netty's dispatch of a queued request. Reactor Netty (1.2.12 to 1.2.18) queues a
 * request that arrives on a kept-alive HTTP/1.1 connection while the previous one is still being
 * answered; when it answers the queued one on the spot, the queue drains without the connection
 * being asked to read again, and the client's next request sits unread for good
 * (reactor/reactor-netty#4361). PipelinedKeepAliveIT stalled on 8 of 10 connections without
 * this, and a dashboard page's request stalled in the browser tests. Remove it with a Reactor
 * Netty release that has the fix (#4347); the hop costs microseconds per request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AnswersOffTheEventLoop implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).subscribeOn(Schedulers.parallel());
    }
}
