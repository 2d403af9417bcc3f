package dev.robotledger.gateway.testing;

import dev.robotledger.agent.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's binaries) in a temporary directory on a free loopback port,
 * started as a child process for one test class.
 *
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.start()) {
 *     DataSource ds = ...; // postgres.jdbcUrl(), postgres.username()
 * }
 * }</pre>
 *
 * PostgreSQL refuses to run as root, so when the tests run as root every server command goes
 * through {@code runuser -u postgres --} and the data directory is owned by {@code postgres}.
 */
public final class PostgresServer implements PostgresEndpoint, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final String SUPERUSER = "postgres";

    private final Path binDir;
    private final Path baseDir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final boolean asPostgresUser;
    private Process server;

    private PostgresServer(Path binDir, Path baseDir, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("postgres.log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises a fresh cluster and starts it; waits until it accepts connections. */
    public static PostgresServer start() {
        boolean root = runningAsRoot();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("gateway-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer postgres = new PostgresServer(findBinDir(), baseDir, FreePorts.loopback(), root);
        try {
            if (root) {
                run(List.of("chown", "-R", SUPERUSER + ":", baseDir.toString()));
            }
            postgres.runLogged(postgres.asServerUser(List.of(
                    postgres.binDir.resolve("initdb").toString(),
                    "-D",
                    postgres.dataDir.toString(),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-instructions")));
            postgres.launch();
            return postgres;
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String username() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    /** Stops the server cleanly and starts it again on the same data directory and port. */
    public void restart() {
        restart(() -> {});
    }

    /** Like {@link #restart()}, running {@code whileDown} (e.g. waiting for a backlog) in between. */
    public void restart(Runnable whileDown) {
        stop();
        try {
            whileDown.run();
        } finally {
            launch();
        }
    }

    /** Stops the server (fast shutdown) and deletes its directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private void launch() {
        List<String> command = asServerUser(List.of(
                binDir.resolve("postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-k",
                baseDir.toString(),
                "-c",
                "listen_addresses=127.0.0.1"));
        try {
            server = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<String> probe = List.of(
                binDir.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "1");
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + server.exitValue() + "; log: " + readLog());
            }
            if (exitCode(probe) == 0) {
                return;
            }
            Await.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                "PostgreSQL on port " + port + " not ready within " + READY_TIMEOUT + "; log: " + readLog());
    }

    private void stop() {
        if (server == null || !server.isAlive()) {
            return;
        }
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            exitCode(asServerUser(List.of(
                    binDir.resolve("pg_ctl").toString(),
                    "stop",
                    "-D",
                    dataDir.toString(),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "30")));
        }
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
        server = null;
    }

    private List<String> asServerUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void runLogged(List<String> command) {
        int code = exitCode(command);
        if (code != 0) {
            throw new IllegalStateException(command + " exited with " + code + "; log: " + readLog());
        }
    }

    private int exitCode(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private String readLog() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .orElseThrow(() -> new IllegalStateException(
                            "no PostgreSQL server under " + root + " (apt-get install postgresql)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static int majorVersion(Path binDir) {
        String name = binDir.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static boolean runningAsRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes()).trim();
            id.waitFor(10, TimeUnit.SECONDS);
            return uid.equals("0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
