package dev.robotledger.gateway.testing;

import dev.robotledger.agent.testing.FreePorts;
import dev.robotledger.gateway.GatewayApplication;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate JVM (this test's class path), so a test can kill it with SIGKILL
 * mid-stream: no shutdown hook, no graceful close, no last acknowledgements. It runs on this machine,
 * or wherever a {@link Placement} puts it (a container host).
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Placement placement;
    private final Path log;
    private final ApiTokens tokens;

    private GatewayProcess(Process process, Placement placement, Path log, ApiTokens tokens) {
        this.process = process;
        this.placement = placement;
        this.log = log;
        this.tokens = tokens;
    }

    /** Where the gateway's JVM runs: the command that starts it there, its HTTP address, how it is killed. */
    public interface Placement {

        /** The command that runs {@code java} with {@code arguments} there. */
        List<String> command(List<String> arguments);

        /** The address at which this machine reaches the gateway's HTTP port. */
        String host();

        int port();

        /** Files the gateway reads there at the same path as here (the API's token hashes). */
        void share(Path directory);

        /** SIGKILL to the gateway's JVM; {@code launcher} is the process {@link #command} started. */
        void kill(Process launcher);
    }

    /** This machine, on a free loopback port. */
    private static final class OnThisMachine implements Placement {

        private final int port = FreePorts.loopback();

        @Override
        public List<String> command(List<String> arguments) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(arguments);
            return command;
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void share(Path directory) {}

        @Override
        public void kill(Process launcher) {
            launcher.destroyForcibly();
        }
    }

    /**
     * Starts the gateway and waits until it is healthy. {@code extraProperties} ({@code key=value})
     * add settings or replace the defaults, e.g. {@code gateway.mqtt.shared-group=ingest} for a
     * shared subscription.
     */
    public static GatewayProcess start(
            PostgresEndpoint postgres, String brokerUrl, String clientId, Path log, String... extraProperties) {
        return start(new OnThisMachine(), postgres, brokerUrl, clientId, log, extraProperties);
    }

    /** Starts the gateway where {@code placement} puts it; otherwise as {@link #start(PostgresEndpoint, String, String, Path, String...)}. */
    public static GatewayProcess start(
            Placement placement,
            PostgresEndpoint postgres,
            String brokerUrl,
            String clientId,
            Path log,
            String... extraProperties) {
        ApiTokens tokens = ApiTokens.generate();
        placement.share(tokens.hashesFile().getParent());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", Integer.toString(placement.port()));
        properties.put("gateway.api.tokens-file", tokens.hashesFile().toString());
        properties.put("gateway.journal.jdbc-url", postgres.jdbcUrl());
        properties.put("gateway.journal.username", postgres.username());
        properties.put("gateway.mqtt.broker-url", brokerUrl);
        properties.put("gateway.mqtt.client-id", clientId);
        properties.put("gateway.anchoring.max-age", "300ms");
        for (String property : extraProperties) {
            int equals = property.indexOf('=');
            properties.put(property.substring(0, equals), property.substring(equals + 1));
        }
        List<String> arguments = new ArrayList<>(List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                GatewayApplication.class.getName()));
        // A property given twice on the command line would bind as both values joined by a comma.
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(placement.command(arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            GatewayProcess gateway = new GatewayProcess(process, placement, log, tokens);
            gateway.awaitHealthy();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://" + placement.host() + ":" + placement.port();
    }

    /** Kills the JVM with SIGKILL and waits for it to be gone. */
    public void kill() {
        placement.kill(process);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gateway process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy() {
        Await.until("gateway process healthy at " + baseUrl(), Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Registers a test robot's public key through the API, with the details the ledger needs. */
    public void register(TestRobot robot) {
        String json = Json.MAPPER.writeValueAsString(Map.of(
                "robotId", robot.robotId(),
                "publicKey",
                        Base64.getEncoder()
                                .encodeToString(robot.keys().getPublic().getEncoded()),
                "model", "test robot",
                "site", "site-1",
                "line", "line-1",
                "station", robot.robotId(),
                "capabilities", List.of("PRODUCE", "ASSEMBLE", "INSPECT")));
        Answer answer = call(Role.OPERATOR, "POST", "/api/robots", json);
        if (answer.status() != 201) {
            throw new IllegalStateException("registering " + robot.robotId() + " answered " + answer);
        }
    }

    /** An answer of the gateway: its status and body. */
    public record Answer(int status, String body) {}

    /** Posts JSON as the operator and returns the status code. */
    public int post(String path, String json) {
        return call(Role.OPERATOR, "POST", path, json).status();
    }

    /** Calls {@code path} as {@code role}; {@code json} is the body (null for none). */
    public Answer call(Role role, String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + tokens.token(role))
                    .timeout(Duration.ofSeconds(90));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = HTTP.send(
                    request.method(
                                    method,
                                    json == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Gets {@code path} as the operator: the body when the answer is 200, else empty. */
    public Optional<byte[]> get(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Authorization", "Bearer " + tokens.token(Role.OPERATOR))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
