package dev.robotledger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.InProcessGateway;
import dev.robotledger.gateway.testing.JournalAndBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                send(socket, get("/api/robots", operator) + get("/v3/api-docs", null));
                assertThat(readResponse(socket.getInputStream())).as("robots").isEqualTo(200);
                assertThat(readResponse(socket.getInputStream())).as("queued OpenAPI document").isEqualTo(200);
                send(socket, get("/api/robots", operator));
                try {
                    assertThat(readResponse(socket.getInputStream())).as("robots again").isEqualTo(200);
                } catch (SocketTimeoutException unread) {
                    stalled.add("connection " + connection);
                }
            }
        }
        assertThat(stalled)
                .as("connections whose request after the queued one got no answer within %d ms, of %d",
                        READ_TIMEOUT_MILLIS, CONNECTIONS)
                .isEmpty();
    }

    private static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
    }

    private static void send(Socket socket, String requests) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response to the end of its Content-Length body and gives its status. */
    private static int readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        long length = 0;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            }
        }
        assertThat(in.readNBytes((int) length)).hasSize((int) length);
        return Integer.parseInt(head.substring(9, 12));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
