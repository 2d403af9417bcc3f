package dev.robotledger.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker for tests: the Debian {@code mosquitto} binary started as a child process
 * on a free loopback port, with its configuration, persistence and log in a temporary directory.
 * Persistence is on, so {@link #restart()} keeps sessions and queued messages.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.start()) {
 *     String uri = broker.uri();   // tcp://127.0.0.1:<port>
 *     broker.stop();               // clients see the broker go away
 *     broker.restart();            // same port, same persisted sessions
 * }
 * }</pre>
 *
 * {@link #startSecured} starts one with anonymous access off, a password file and an ACL file (as
 * written by {@code dev.robotledger.agent.access.BrokerAccess}); {@link #startTls} one where clients
 * log in by certificate.
 *
 * Self-contained (JDK only) so other modules' tests can reuse it from this module's test-jar.
 * The binary is {@code /usr/sbin/mosquitto} unless the {@code MOSQUITTO_BIN} environment variable names another.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final Path binary;
    private final List<String> accessConfig;
    private Process process;

    private MosquittoBroker(Path dir, int port, Path binary, List<String> accessConfig) {
        this.dir = dir;
        this.port = port;
        this.binary = binary;
        this.accessConfig = accessConfig;
    }

    /** Starts a broker and waits until it accepts MQTT connections. */
    public static MosquittoBroker start() throws IOException {
        return start(List.of("allow_anonymous true"));
    }

    /**
     * Starts a broker that admits only the users of {@code passwordFile} (Mosquitto's
     * {@code user:$7$...} format) and applies {@code aclFile}; anonymous clients are refused.
     */
    public static MosquittoBroker startSecured(Path passwordFile, Path aclFile) throws IOException {
        return start(List.of(
                "allow_anonymous false",
                "password_file " + passwordFile.toAbsolutePath(),
                "acl_file " + aclFile.toAbsolutePath()));
    }

    /**
     * Starts a broker whose only listener is TLS: clients log in by a certificate from the CA in
     * {@code accessDir} (its common name is the user name), whose revocation list is checked, and
     * the ACL there applies; files as {@code BrokerAccess} writes them.
     */
    public static MosquittoBroker startTls(Path accessDir) throws IOException {
        Path dir = accessDir.toAbsolutePath();
        return start(List.of(
                "allow_anonymous false",
                "acl_file " + dir.resolve("mosquitto.acl"),
                "cafile " + dir.resolve("ca-cert.pem"),
                "certfile " + dir.resolve("broker-cert.pem"),
                "keyfile " + dir.resolve("broker-key.pem"),
                "crlfile " + dir.resolve("revoked.crl"),
                "require_certificate true",
                "use_identity_as_username true",
                "tls_version tlsv1.3"));
    }

    private boolean isTls() {
        return accessConfig.contains("require_certificate true");
    }

    /** Whether anonymous clients are refused. */
    public boolean isSecured() {
        return accessConfig.contains("allow_anonymous false");
    }

    private static MosquittoBroker start(List<String> accessConfig) throws IOException {
        Path binary = Path.of(System.getenv().getOrDefault("MOSQUITTO_BIN", "/usr/sbin/mosquitto"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Mosquitto is not installed at " + binary
                    + ": run `apt-get install -y mosquitto` (network/prerequisites.sh does)");
        }
        Path dir = Files.createTempDirectory("mosquitto-test-");
        MosquittoBroker broker = new MosquittoBroker(dir, FreePorts.loopback(), binary, accessConfig);
        broker.writeConfig();
        broker.launch();
        return broker;
    }

    public String uri() {
        return (isTls() ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's log file, for diagnosing a failed test. */
    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully (SIGTERM), which also saves its persistence file. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the broker again on the same port with the same persistence directory. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the broker directory " + dir, e);
        }
    }

    private void writeConfig() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> config = new ArrayList<>(List.of(
                "per_listener_settings false",
                "listener " + port + " 127.0.0.1",
                "persistence true",
                "persistence_location " + data + "/",
                // As network/system.sh runs it: saving every second rewrites the in-flight queue
                // each second, whose disk writes stall the journal's commits beside it. Every stop
                // here is graceful (SIGTERM), which saves everything.
                "autosave_interval 10",
                // Run as whoever runs the test, so the broker can write the temporary directory.
                "user " + System.getProperty("user.name"),
                "max_queued_messages 0",
                "max_inflight_messages 100",
                // Nagle off, as in production: see wire's NoDelaySocketFactory.
                "set_tcp_nodelay true",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_dest stderr"));
        config.addAll(accessConfig);
        Files.write(dir.resolve("mosquitto.conf"), config, StandardCharsets.US_ASCII);
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(
                        binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        awaitReady();
    }

    // Ready means it answers an MQTT 3.1.1 CONNECT with a CONNACK, not merely that the port is open;
    // a secured broker answers this anonymous CONNECT with return code 5 (not authorized).
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "mosquitto exited with " + process.exitValue() + "; log: " + Files.readString(log()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                // A TLS listener would need a client certificate for more: an open port will do.
                if (isTls()) {
                    return;
                }
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(new byte[] {0x10, 12, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10, 0, 0});
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] connack = in.readNBytes(4);
                if (connack.length == 4 && connack[0] == 0x20 && connack[3] == (isSecured() ? 5 : 0)) {
                    out.write(new byte[] {(byte) 0xE0, 0});
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mosquitto", e);
            }
        }
        throw new IOException(
                "mosquitto did not accept connections on port " + port + " within " + READY_TIMEOUT + "; log: "
                        + Files.readString(log()),
                last);
    }
}
