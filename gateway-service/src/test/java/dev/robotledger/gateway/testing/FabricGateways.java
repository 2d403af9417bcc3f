package dev.robotledger.gateway.testing;

import dev.robotledger.gateway.production.ProductionEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gateways of the organisations of the tests' Fabric network ({@link FabricNetwork}), each in this
 * JVM as its own org's client identity with a journal database of its own, and what a gateway's
 * journal says about a robot's production events.
 */
public final class FabricGateways {

    private FabricGateways() {}

    /** A production event as the journal holds it. */
    public record JournaledProduction(
            String eventId, String state, String transactionId, Long blockNumber, String errorCode) {}

    /**
     * Starts {@code org}'s gateway (manufacturer, retailer, lender or oracle) on the network with a new
     * database; {@code extraProperties} add or replace settings, e.g. {@code gateway.mqtt.enabled=false}
     * for an org without robots, so that it does not ingest the manufacturer's.
     */
    public static InProcessGateway start(JournalAndBroker infra, String org, String... extraProperties) {
        String database = newDatabase(infra, org);
        InProcessGateway gateway = InProcessGateway.start(
                infra.postgres(),
                infra.broker().uri(),
                org + "-" + database,
                properties(infra, database, org, extraProperties));
        separateAnchorBatchIds(gateway);
        return gateway;
    }

    /**
     * Starts {@code org}'s gateway as a JVM of its own (which a test can kill) on the network with a new
     * database, its output in {@code log}; the settings as for {@link #start}.
     */
    public static GatewayProcess startProcess(JournalAndBroker infra, String org, Path log, String... extraProperties) {
        String database = newDatabase(infra, org);
        return GatewayProcess.start(
                infra.postgres(),
                infra.broker().uri(),
                org + "-" + database,
                log,
                properties(infra, database, org, extraProperties));
    }

    private static String newDatabase(JournalAndBroker infra, String org) {
        String database = "fabric_" + org + "_" + UUID.randomUUID().toString().substring(0, 8);
        infra.db().jdbc().execute("CREATE DATABASE " + database);
        return database;
    }

    private static String[] properties(JournalAndBroker infra, String database, String org, String... extraProperties) {
        List<String> properties =
                new ArrayList<>(FabricNetwork.network().client(org).gatewayProperties());
        properties.add("gateway.journal.jdbc-url=jdbc:postgresql://127.0.0.1:"
                + infra.postgres().port() + "/" + database);
        properties.add("gateway.production.poll-interval=100ms");
        properties.add("gateway.production.submit-retry-initial=100ms");
        properties.add("gateway.production.submit-retry-max=1s");
        properties.addAll(List.of(extraProperties));
        return properties.toArray(String[]::new);
    }

    /**
     * Anchor batch ids come from the journal's sequence, so a new journal starts again at 1 and its
     * anchors would collide with earlier runs' on the kept ledger ("batch 1 is already anchored"):
     * start this gateway's journal's ids where no earlier run's are. Call before it seals a batch.
     */
    public static void separateAnchorBatchIds(InProcessGateway gateway) {
        separateAnchorBatchIds(journal(gateway));
    }

    /** The same for a gateway's journal reached with plain SQL (a gateway in a process or on a host of its own). */
    public static void separateAnchorBatchIds(JdbcTemplate journal) {
        journal.execute("ALTER SEQUENCE anchor_batches_batch_id_seq RESTART WITH " + System.currentTimeMillis() * 1000);
    }

    /** Plain SQL on the journal database of a gateway {@link #start started} here. */
    public static JdbcTemplate journal(InProcessGateway gateway) {
        return new JdbcTemplate(gateway.context().getBean(DataSource.class));
    }

    /** The robot's production events in {@code journal}, in journal order. */
    public static List<JournaledProduction> productions(JdbcTemplate journal, String robotId) {
        return journal.query(
                """
                SELECT e.robot_id, e.seq, p.state, p.transaction_id, p.block_number, p.error_code
                FROM production_events p JOIN envelopes e USING (envelope_id)
                WHERE e.robot_id = ? ORDER BY e.envelope_id""",
                (row, index) -> new JournaledProduction(
                        ProductionEvent.eventId(row.getString("robot_id"), row.getLong("seq")),
                        row.getString("state"),
                        row.getString("transaction_id"),
                        (Long) row.getObject("block_number"),
                        row.getString("error_code")),
                robotId);
    }

    /** Waits until the robot's {@code count} production events are all decided (none pending); returns them. */
    public static List<JournaledProduction> awaitDecided(
            JdbcTemplate journal, String robotId, int count, Duration timeout) {
        Await.until(
                count + " production events of " + robotId + " decided",
                timeout,
                () -> {
                    List<JournaledProduction> events = productions(journal, robotId);
                    return events.size() == count
                            && events.stream().noneMatch(event -> event.state().equals("PENDING"));
                },
                () -> productions(journal, robotId));
        return productions(journal, robotId);
    }
}
