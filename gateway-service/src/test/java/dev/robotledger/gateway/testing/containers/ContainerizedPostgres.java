package dev.robotledger.gateway.testing.containers;

import dev.robotledger.gateway.testing.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * PostgreSQL in a container of its own (the image {@code robotledger/postgresql}), its port
 * published on loopback. Its data lives in the container, so it survives {@link #kill()} and
 * {@link #startAgain()} as a database host's disk survives a power cut.
 *
 * <pre>{@code
 * try (ContainerizedPostgres postgres = ContainerizedPostgres.start()) {
 *     postgres.kill();    // every PostgreSQL process gets SIGKILL at once
 *     postgres.startAgain();   // crash recovery from the write-ahead log, same port
 * }
 * }</pre>
 */
public final class ContainerizedPostgres implements PostgresEndpoint, AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final ProjectContainer container;

    private ContainerizedPostgres(ProjectContainer container) {
        this.container = container;
    }

    public static ContainerizedPostgres start() {
        return new ContainerizedPostgres(
                ProjectContainer.start("postgresql", 5432, null, null, ContainerizedPostgres::acceptsQueries));
    }

    @Override
    public String jdbcUrl() {
        return url(container.hostPort());
    }

    @Override
    public String username() {
        return SUPERUSER;
    }

    public void kill() {
        container.kill();
    }

    /** Starts the killed container again, over its files, on the same port; returns once it takes queries. */
    public void startAgain() {
        container.startAgain();
    }

    public void pause() {
        container.pause();
    }

    public void unpause() {
        container.unpause();
    }

    @Override
    public void close() {
        container.close();
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    // Not just an open port: during crash recovery PostgreSQL accepts connections only to refuse them.
    private static boolean acceptsQueries(int port) {
        try (Connection connection =
                DriverManager.getConnection(url(port) + "?connectTimeout=2&socketTimeout=5", SUPERUSER, "")) {
            return connection.isValid(2);
        } catch (SQLException notYet) {
            return false;
        }
    }
}
