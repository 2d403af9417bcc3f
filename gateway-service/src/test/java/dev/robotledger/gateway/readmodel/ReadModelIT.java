package dev.robotledger.gateway.readmodel;

import static dev.robotledger.contract.ContractTransaction.RECORD_PRODUCTION;
import static dev.robotledger.contract.ContractTransaction.RECORD_QUALITY_CHECK;
import static dev.robotledger.contract.ContractTransaction.REGISTER_ROBOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.gateway.provenance.ProvenanceReadModel;
import dev.robotledger.gateway.provenance.ProvenanceTooLargeException;
import dev.robotledger.gateway.provenance.ProvenanceTreeCache;
import dev.robotledger.gateway.provenance.UnknownGoodException;
import dev.robotledger.gateway.testing.PostgresServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read model on a real PostgreSQL: the chaincode's world state as a peer's blocks write it,
 * answered back in the chaincode's shapes. The state is the one behind
 * {@code provenance/three-level-product.json}, the real contract's GetProvenance answer, so the
 * read model must give exactly that answer.
 */
class ReadModelIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCT = "urn:epc:id:sgtin:0614141.107346.9000";
    private static PostgresServer postgres;
    private static DriverManagerDataSource dataSource;
    private static JsonNode fixture;

    private TransactionTemplate transactions;
    private ReadModelStore store;
    private ProvenanceReadModel provenance;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = PostgresServer.start();
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), "");
        try (InputStream in = ReadModelIT.class.getResourceAsStream("/provenance/three-level-product.json")) {
            fixture = JSON.readTree(in);
        }
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    @BeforeEach
    void emptyReadModel() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS ledger_checkpoint, ledger_state, ledger_state_history, ledger_blocks");
        for (int i = 0; i < 2; i++) { // applied twice: the schema script is idempotent
            try (Connection connection = dataSource.getConnection()) {
                ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/read-model/V1__read_model.sql"));
            }
        }
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new ReadModelStore(dataSource, transactions, "provenance", "provenance");
        provenance = new ProvenanceReadModel(
                new LedgerState(dataSource, "provenance", "provenance"), transactions, new ProvenanceTreeCache(0));
    }

    /** One block per good, parts before the products they are built into, robots first. */
    private List<LedgerBlock> blocksOfTheFixture() {
        Map<String, JsonNode> robots = new LinkedHashMap<>();
        List<JsonNode> goods = new ArrayList<>();
        collect(fixture.get("tree"), robots, goods);
        List<LedgerBlock> blocks = new ArrayList<>();
        List<StateWrite> robotWrites = robots.entrySet().stream()
                .map(robot -> write("robot", robot.getKey(), robot.getValue()))
                .toList();
        blocks.add(block(0, REGISTER_ROBOT.functionName(), robotWrites));
        for (JsonNode good : goods) {
            blocks.add(block(
                    blocks.size(),
                    RECORD_PRODUCTION.functionName(),
                    List.of(write("good", good.get("id").asString(), good))));
        }
        return blocks;
    }

    private static void collect(JsonNode node, Map<String, JsonNode> robots, List<JsonNode> goods) {
        node.get("parts").forEach(part -> collect(part, robots, goods));
        robots.putIfAbsent(node.get("robot").get("id").asString(), node.get("robot"));
        goods.add(node.get("good"));
    }

    private static StateWrite write(String type, String id, JsonNode document) {
        try {
            return new StateWrite(type, List.of(id), JSON.writeValueAsBytes(document));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LedgerBlock block(long number, String function, List<StateWrite> writes) {
        return new LedgerBlock(
                number,
                new byte[32],
                new byte[0],
                new byte[32],
                List.of(new CommittedTransaction(
                        0,
                        "tx-" + number,
                        Instant.parse("2026-03-02T08:00:00Z").plusSeconds(number),
                        "ManufacturerMSP",
                        function,
                        writes)));
    }

    private void applyAll(List<LedgerBlock> blocks) {
        blocks.forEach(block -> assertThat(store.apply(block)).isTrue());
    }

    @Test
    void answersTheProvenanceTreeExactlyAsTheChaincodeDoesWithTheHeightItIsCurrentTo() throws Exception {
        List<LedgerBlock> blocks = blocksOfTheFixture();
        applyAll(blocks);

        ProvenanceReadModel.Answer<byte[]> answer = provenance.provenanceJson(PRODUCT, 5, 100);

        assertThat(JSON.readTree(answer.value())).isEqualTo(fixture);
        assertThat(new String(answer.value(), StandardCharsets.UTF_8))
                .as("byte for byte, in the chaincode's key order")
                .isEqualTo(JSON.writeValueAsString(fixture));
        assertThat(answer.ledgerHeight()).isEqualTo(blocks.size());
        assertThat(provenance.provenance(PRODUCT, 5, 100).value().nodeCount()).isEqualTo(8);
    }

    @Test
    void resumesFromItsCheckpointSkippingRedeliveredBlocksAndRefusingAGap() throws Exception {
        List<LedgerBlock> blocks = blocksOfTheFixture();
        applyAll(blocks.subList(0, 4));

        ReadModelStore afterRestart = new ReadModelStore(dataSource, transactions, "provenance", "provenance");
        assertThat(afterRestart.nextBlock()).isEqualTo(4);
        assertThat(afterRestart.apply(blocks.get(2))).as("a redelivered block").isFalse();
        assertThatThrownBy(() -> afterRestart.apply(blocks.get(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expects block 4 but was given block 5");
        assertThat(afterRestart.nextBlock()).isEqualTo(4);
        blocks.subList(4, blocks.size()).forEach(afterRestart::apply);

        assertThat(JSON.readTree(provenance.provenanceJson(PRODUCT, 5, 100).value()))
                .isEqualTo(fixture);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM ledger_state_history", Long.class))
                .as("one version per write, none repeated")
                .isEqualTo(3 + 8);
    }

    @Test
    void answersWhereUsedAndEveryVersionOfAGood() {
        List<LedgerBlock> blocks = blocksOfTheFixture();
        applyAll(blocks);
        String part = "urn:epc:id:sgtin:0614141.107346.1001";
        ObjectNode inspected = (ObjectNode) provenance.good(part).value().deepCopy();
        inspected.put("status", "QUARANTINED");
        store.apply(block(blocks.size(), RECORD_QUALITY_CHECK.functionName(), List.of(write("good", part, inspected))));

        assertThat(provenance.whereUsed(part).value()).containsExactly("frame-S1", PRODUCT);
        assertThat(provenance.whereUsed(PRODUCT).value()).isEmpty();
        assertThat(provenance.history(part).value())
                .extracting(LedgerDocument::function)
                .containsExactly(RECORD_PRODUCTION.functionName(), RECORD_QUALITY_CHECK.functionName());
        assertThat(provenance
                        .history(part)
                        .value()
                        .get(1)
                        .document()
                        .get("status")
                        .asString())
                .isEqualTo("QUARANTINED");
        assertThat(provenance.good(part).value().get("status").asString()).isEqualTo("QUARANTINED");
        assertThat(provenance.good(part).ledgerHeight()).isEqualTo(blocks.size() + 1);
    }

    @Test
    void refusesTreesBeyondTheBoundsAndUnknownGoods() throws Exception {
        applyAll(blocksOfTheFixture());

        assertThatThrownBy(() -> provenance.provenanceJson(PRODUCT, 1, 100))
                .isInstanceOf(ProvenanceTooLargeException.class)
                .hasMessageContaining("deeper than maxDepth 1");
        assertThatThrownBy(() -> provenance.provenanceJson(PRODUCT, 5, 7))
                .isInstanceOf(ProvenanceTooLargeException.class)
                .hasMessageContaining("more than maxNodes 7");
        assertThat(JSON.readTree(provenance.provenanceJson(PRODUCT, 2, 8).value()))
                .isEqualTo(fixture);
        assertThatThrownBy(() -> provenance.provenanceJson("no-such-good", 5, 100))
                .isInstanceOf(UnknownGoodException.class)
                .hasMessageContaining("no-such-good");
        assertThatThrownBy(() -> provenance.provenanceJson(PRODUCT, 33, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDepth 33 is outside 0..32");
    }

    @Test
    void deletesAndIndexKeysFollowTheLedger() {
        applyAll(blocksOfTheFixture());
        long next = store.nextBlock();
        StateWrite index =
                new StateWrite("robot~day~time~good", List.of("r-press", "20260302", "1", "a"), new byte[] {0});
        StateWrite later =
                new StateWrite("robot~day~time~good", List.of("r-press", "20260302", "2", "b"), new byte[] {0});
        store.apply(block(next, RECORD_PRODUCTION.functionName(), List.of(later, index)));
        store.apply(block(next + 1, "Cleanup", List.of(new StateWrite("good", List.of("cover-3"), null))));

        LedgerState state = new LedgerState(dataSource, "provenance", "provenance");
        assertThat(state.indexKeys("robot~day~time~good", List.of("r-press")))
                .extracting(key -> key.get(3))
                .containsExactly("a", "b");
        assertThat(state.entity("good", "cover-3")).isEmpty();
        assertThat(state.history("good", "cover-3"))
                .extracting(LedgerDocument::function)
                .containsExactly(RECORD_PRODUCTION.functionName(), "Cleanup");
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject(
                                "SELECT count(*) FROM ledger_state_history WHERE object_type LIKE '%~%'", Long.class))
                .isZero();
    }

    @Test
    void snapshotReadsRunInOneReadOnlyRepeatableReadTransactionAndJoinAnOpenOne() {
        SnapshotReads snapshots = new SnapshotReads(
                transactions.getTransactionManager(), new LedgerState(dataSource, "provenance", "provenance"));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String sql =
                "SELECT current_setting('transaction_isolation') || ' ' || current_setting('transaction_read_only')"
                        + " || ' ' || pg_backend_pid()";

        assertThat(snapshots.read(() -> jdbc.queryForObject(sql, String.class))).startsWith("repeatable read on ");
        transactions.executeWithoutResult(status -> {
            String outer = jdbc.queryForObject(sql, String.class);
            assertThat(snapshots.read(() -> jdbc.queryForObject(sql, String.class)))
                    .isEqualTo(outer);
        });
        assertThat(jdbc.queryForObject("SHOW transaction_isolation", String.class))
                .isEqualTo("read committed");
    }
}
