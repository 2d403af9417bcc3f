package dev.robotledger.gateway.bench;

import dev.robotledger.agent.testing.FreePorts;
import dev.robotledger.gateway.access.Role;
import dev.robotledger.gateway.testing.ApiTokens;
import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.PostgresServer;
import dev.robotledger.gateway.testing.TestRobot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as it runs in production: its executable jar with the run command's heap limit and
 * a full JIT (the test fixture GatewayProcess trades JIT quality for start-up time).
 */
final class BenchGateway implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String baseUrl;
    private final ApiTokens tokens;

    private BenchGateway(Process process, String baseUrl, ApiTokens tokens) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
    }

    /** Starts the jar; with {@code flightRecording} set, Java Flight Recorder profiles it into that file. */
    static BenchGateway start(
            Path jar,
            PostgresServer postgres,
            String brokerUrl,
            Path log,
            String maxHeap,
            Optional<Path> flightRecording)
            throws IOException {
        return start(jar, postgres, brokerUrl, log, maxHeap, flightRecording, List.of());
    }

    /** The same, with {@code settings} ({@code name=value}, e.g. the ledger's) added to its command line. */
    static BenchGateway start(
            Path jar,
            PostgresServer postgres,
            String brokerUrl,
            Path log,
            String maxHeap,
            Optional<Path> flightRecording,
            List<String> settings)
            throws IOException {
        int port = FreePorts.loopback();
        ApiTokens tokens = ApiTokens.generate();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
        flightRecording.ifPresent(file -> command.add("-XX:StartFlightRecording=settings=profile,filename=" + file));
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--gateway.api.tokens-file=" + tokens.hashesFile(),
                "--gateway.journal.jdbc-url=" + postgres.jdbcUrl(),
                "--gateway.journal.username=" + postgres.username(),
                "--gateway.mqtt.broker-url=" + brokerUrl,
                "--gateway.mqtt.client-id=bench-gateway",
                "--gateway.mqtt.shared-group=",
                "--logging.level.root=WARN"));
        settings.forEach(setting -> command.add("--" + setting));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BenchGateway gateway = new BenchGateway(process, "http://127.0.0.1:" + port, tokens);
        Await.until("gateway healthy (log: " + log + ")", Duration.ofSeconds(120), gateway::healthy);
        return gateway;
    }

    void register(TestRobot robot) {
        register(
                robot.robotId(),
                "{\"robotId\":\"" + robot.robotId() + "\",\"publicKey\":\"" + robot.publicKeyBase64() + "\"}");
    }

    /** Registers a robot with the operator's API ({@code POST /api/robots}, the registration as JSON). */
    void register(String robotId, String registration) {
        int status = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/robots"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.token(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofString(registration))
                .build());
        if (status != 201 && status != 200) {
            throw new IllegalStateException("registering " + robotId + " answered HTTP " + status);
        }
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return baseUrl;
    }

    ApiTokens tokens() {
        return tokens;
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("gateway exited with " + process.exitValue());
        }
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                            .build())
                    == 200;
        } catch (UncheckedIOException notYet) {
            return false;
        }
    }

    private static int send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
