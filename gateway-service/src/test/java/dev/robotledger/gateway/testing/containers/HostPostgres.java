package dev.robotledger.gateway.testing.containers;

import dev.robotledger.gateway.testing.Await;
import dev.robotledger.gateway.testing.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An organisation's PostgreSQL on its own {@link ContainerHost}, its data in a volume of its own
 * (filled from the image's initialised cluster), so that it outlives a power cut of the host. The
 * programs of its host reach it on the host's loopback ({@link #onItsHost()}), this machine at the
 * host's address ({@link #jdbcUrl()}).
 */
public final class HostPostgres implements PostgresEndpoint, AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ContainerHost host;
    private final String volume;
    private ContainerHost.Program server;

    private HostPostgres(ContainerHost host, String volume) {
        this.host = host;
        this.volume = volume;
    }

    public static HostPostgres start(ContainerHost host) {
        String volume = "robotledger-test-db-" + UUID.randomUUID().toString().substring(0, 8);
        HostPostgres postgres = new HostPostgres(host, volume);
        postgres.startAgain();
        return postgres;
    }

    /** Starts the server over its volume (after its host's power cut); returns once it takes queries. */
    public void startAgain() {
        server = host.run("postgres", "postgresql", List.of("-v", volume + ":/var/lib/postgresql/data"), List.of());
        Await.until("PostgreSQL on " + host + " taking queries", READY_TIMEOUT, this::acceptsQueries);
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host.address() + ":5432/postgres";
    }

    @Override
    public String username() {
        return SUPERUSER;
    }

    /** The same database as a program on its host reaches it, cut off from the network or not. */
    public PostgresEndpoint onItsHost() {
        return new PostgresEndpoint() {
            @Override
            public String jdbcUrl() {
                return "jdbc:postgresql://127.0.0.1:5432/postgres";
            }

            @Override
            public String username() {
                return SUPERUSER;
            }
        };
    }

    /** Plain SQL from this machine. */
    public JdbcTemplate jdbc() {
        DataSource dataSource = new DriverManagerDataSource(jdbcUrl(), SUPERUSER, "");
        return new JdbcTemplate(dataSource);
    }

    /** Stops the server and deletes its volume. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        try {
            ContainerEngine.client().removeVolumeCmd(volume).exec();
        } catch (RuntimeException gone) {
            // Nothing to delete when the server never started.
        }
    }

    // Not just an open port: during crash recovery PostgreSQL accepts connections only to refuse them.
    private boolean acceptsQueries() {
        if (!server.running()) {
            throw new IllegalStateException("PostgreSQL on " + host + " exited; see its log");
        }
        try (Connection connection =
                DriverManager.getConnection(jdbcUrl() + "?connectTimeout=2&socketTimeout=5", SUPERUSER, "")) {
            return connection.isValid(2);
        } catch (SQLException notYet) {
            return false;
        }
    }
}
