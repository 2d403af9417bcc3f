package dev.robotledger.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * One WARN line, no stack trace, per request refused for the client's own mistake, at most
 * {@value #PER_MINUTE} a minute; the first line of the next minute says how many were left out.
 * A client's mistake is not the gateway's error, and a flood of them must not fill the log.
 */
@Component
class ClientMistakes {

    static final int PER_MINUTE = 20;
    private static final Logger log = LoggerFactory.getLogger(ClientMistakes.class);

    private long minute;
    private int logged;
    private int leftOut;

    void refused(ServerWebExchange exchange, int status, String detail) {
        String line = status + " for " + exchange.getRequest().getMethod() + " "
                + exchange.getRequest().getPath().value() + " from "
                + exchange.getRequest().getRemoteAddress() + ": " + detail;
        int before;
        synchronized (this) {
            long now = System.currentTimeMillis() / 60_000;
            if (now != minute) {
                minute = now;
                logged = 0;
            }
            if (logged >= PER_MINUTE) {
                leftOut++;
                return;
            }
            logged++;
            before = leftOut;
            leftOut = 0;
        }
        if (before > 0) {
            log.warn("refused {} (and {} more before it, not logged: over {} a minute)", line, before, PER_MINUTE);
        } else {
            log.warn("refused {}", line);
        }
    }
}
