package dev.robotledger.agent.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One organisation's gateway, called with one role's API token. */
public interface GatewayApi {

    /** An answer: its HTTP status and JSON body (a problem document when the status is not 2xx). */
    record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    Answer get(String pathAndQuery) throws IOException;

    Answer post(String path, JsonNode body) throws IOException;

    /** The gateway at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}), as the holder of {@code token}. */
    static GatewayApi http(String baseUrl, String token) {
        return new Http(URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"), token);
    }

    /** Over HTTP with a bearer token. */
    final class Http implements GatewayApi {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Duration TIMEOUT = Duration.ofSeconds(60);

        private final URI base;
        private final String token;
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Http(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        @Override
        public Answer get(String pathAndQuery) throws IOException {
            return send(request(pathAndQuery).GET());
        }

        @Override
        public Answer post(String path, JsonNode body) throws IOException {
            return send(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
        }

        private Answer send(HttpRequest.Builder request) throws IOException {
            HttpRequest built = request.build();
            try {
                HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
                byte[] body = response.body();
                return new Answer(response.statusCode(), body.length == 0 ? JSON.nullNode() : JSON.readTree(body));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted calling " + built.uri(), e);
            }
        }
    }
}
