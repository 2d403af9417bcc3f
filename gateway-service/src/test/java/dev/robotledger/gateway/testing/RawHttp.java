package dev.robotledger.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 on a plain socket, for tests of how the gateway treats a kept-alive connection: an
 * HTTP client library would open, pool and close connections on its own.
 */
public final class RawHttp {

    /** A response's status and whether it announced that the server closes the connection. */
    public record Response(int status, boolean closesConnection) {}

    private RawHttp() {}

    /** A GET request's bytes, with a bearer token unless {@code token} is null. */
    public static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
    }

    /** Writes {@code requests} (one or several, pipelined) in one write. */
    public static void send(Socket socket, String requests) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response to the end of its Content-Length body. */
    public static Response read(InputStream in) throws IOException {
        String head = readHead(in);
        long length = 0;
        boolean close = false;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return new Response(Integer.parseInt(head.substring(9, 12)), close);
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
