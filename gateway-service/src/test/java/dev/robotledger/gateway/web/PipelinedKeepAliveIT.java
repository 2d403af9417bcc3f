package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import dev.robotledger.gateway.testing.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A kept-alive HTTP/1.1 connection keeps being read after the server answered a request it had
 * queued behind an unfinished one. Reactor Netty queues a request that arrives while the previous
 * one is still being answered; when the queued request is then answered on the spot (on the event
 * loop, as the OpenAPI document is), the queue drains without the connection being asked to read
 * again, so the client's next request sits unread in the server's socket for good
 * (reactor/reactor-netty#4361, fixed by #4347 after 1.2.18). The robot list is answered from the
 * journal on another thread, so a request pipelined behind it is always queued. The gateway's
 * {@link AnswersOffTheEventLoop} keeps any answer from completing within that dispatch; without
 * it 8 of 10 connections stalled here.
 */
class PipelinedKeepAliveIT {

    private static final int CONNECTIONS = 10;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    @RegisterExtension
    static final JournalAndBroker INFRA = new JournalAndBroker();

    private static InProcessGateway gateway;

    @BeforeAll
    static void startGateway() {
        gateway = InProcessGateway.start(INFRA.postgres(), INFRA.broker().uri(), "pipelined-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theRequestAfterAQueuedRequestIsAnsweredOnTheSameConnection() throws IOException {
        String operator = gateway.token(Role.OPERATOR);
        List<String> stalled = new ArrayList<>();
        // The stall depends on whether a read is still pending when the queue drains, so one
        // connection may escape it; ten rarely all do.
        for (int connection = 1; connection <= CONNECTIONS; connection++) {
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                RawHttp.send(socket, RawHttp.get("/api/robots", operator) + RawHttp.get("/v3/api-docs", null));
                assertThat(RawHttp.read(socket.getInputStream()).status())
                        .as("robots")
                        .isEqualTo(200);
                assertThat(RawHttp.read(socket.getInputStream()).status())
                        .as("queued OpenAPI document")
                        .isEqualTo(200);
                RawHttp.send(socket, RawHttp.get("/api/robots", operator));
                try {
                    assertThat(RawHttp.read(socket.getInputStream()).status())
                            .as("robots again")
                            .isEqualTo(200);
                } catch (SocketTimeoutException unread) {
                    stalled.add("connection " + connection);
                }
            }
        }
        assertThat(stalled)
                .as(
                        "connections whose request after the queued one got no answer within %d ms, of %d",
                        READ_TIMEOUT_MILLIS, CONNECTIONS)
                .isEmpty();
    }
}
