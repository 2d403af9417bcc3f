package dev.robotledger.gateway.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.robotledger.contract.Sgtin;
import dev.robotledger.gateway.readmodel.CommittedTransaction;
import dev.robotledger.gateway.readmodel.LedgerBlock;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.ReadModelStore;
import dev.robotledger.gateway.readmodel.StateWrite;
import dev.robotledger.gateway.testing.PostgresServer;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finding goods in the read model on a real PostgreSQL: the goods of the three-level product the
 * real contract recorded ({@code provenance/three-level-product.json}, 8 goods on plant-1 / line-2),
 * and two more made on another site and line, projected from blocks as the gateway projects them.
 */
class GoodsSearchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCT = "urn:epc:id:sgtin:0614141.107346.9000";
    private static final String BOLT_GTIN = Sgtin.gtin("0614141", "012345");
    private static PostgresServer postgres;
    private static GoodsSearch search;

    @BeforeAll
    static void projectTheGoods() throws Exception {
        postgres = PostgresServer.start();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), "");
        try (Connection connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/read-model/V1__read_model.sql"));
        }
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ReadModelStore store = new ReadModelStore(dataSource, transactions, "provenance", "provenance");
        List<JsonNode> goods = new ArrayList<>();
        try (InputStream in = GoodsSearchIT.class.getResourceAsStream("/provenance/three-level-product.json")) {
            collect(JSON.readTree(in).get("tree"), goods);
        }
        JsonNode bolt = goods.stream()
                .filter(good -> good.get("id").asString().equals("bolt-7"))
                .findFirst()
                .orElseThrow();
        goods.add(elsewhere(bolt, "plant-2-bolt-1", "2026-03-03T08:00:00Z", "ACTIVE"));
        goods.add(elsewhere(bolt, "plant-2-bolt-2", "2026-03-03T09:00:00Z", "RECALLED"));
        // GS1 keys: the product's from its SGTIN; the plant-2 bolts made in one lot.
        Sgtin item = Sgtin.fromEpcUri(PRODUCT).orElseThrow();
        JsonNode product = goods.stream()
                .filter(good -> good.get("id").asString().equals(PRODUCT))
                .findFirst()
                .orElseThrow();
        ((ObjectNode) product.get("production")).put("gtin", item.gtin()).put("serial", item.serial());
        for (int i = 0; i < 2; i++) {
            ((ObjectNode) goods.get(goods.size() - 1 - i).get("production"))
                    .put("gtin", BOLT_GTIN)
                    .put("serial", "b-" + (2 - i))
                    .put("lot", "L-7");
        }
        for (JsonNode good : goods) {
            store.apply(new LedgerBlock(
                    store.nextBlock(),
                    new byte[32],
                    new byte[0],
                    new byte[32],
                    List.of(new CommittedTransaction(
                            0,
                            "tx-" + good.get("id").asString(),
                            Instant.parse("2026-03-04T00:00:00Z"),
                            "ManufacturerMSP",
                            "RecordProduction",
                            List.of(new StateWrite(
                                    "good", List.of(good.get("id").asString()), JSON.writeValueAsBytes(good)))))));
        }
        search = new GoodsSearch(dataSource, new LedgerState(dataSource, "provenance", "provenance"), transactions);
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    private static void collect(JsonNode node, List<JsonNode> goods) {
        goods.add(node.get("good"));
        node.get("parts").forEach(part -> collect(part, goods));
    }

    private static JsonNode elsewhere(JsonNode good, String id, String producedAt, String status) {
        ObjectNode copy = (ObjectNode) good.deepCopy();
        copy.put("id", id).put("status", status).remove("parentId");
        ((ObjectNode) copy.get("production"))
                .put("site", "plant-2")
                .put("line", "line-9")
                .put("robotId", "r-lathe")
                .put("producedAtEpochMillis", Instant.parse(producedAt).toEpochMilli());
        return copy;
    }

    private static List<String> ids(GoodsQuery query) {
        return search.find(query).value().goods().stream()
                .map(good -> good.get("id").asString())
                .toList();
    }

    private static GoodsQuery query(Map<GoodsQuery.Field, String> equal) {
        return new GoodsQuery(equal, Optional.empty(), Optional.empty(), 50, Optional.empty());
    }

    @Test
    void findsAGoodsRobotsGoodsNewestFirstWithWhatAListShows() {
        GoodsSearch.Page page =
                search.find(query(Map.of(GoodsQuery.Field.ROBOT, "r-press"))).value();

        assertThat(page.goods())
                .extracting(good -> good.get("id").asString())
                .containsExactly("urn:epc:id:sgtin:0614141.107346.1002", "urn:epc:id:sgtin:0614141.107346.1001");
        assertThat(page.next()).isEmpty();
        JsonNode product = search.find(query(Map.of(GoodsQuery.Field.ROBOT, "r-asm")))
                .value()
                .goods()
                .get(0);
        assertThat(product.get("id").asString()).isEqualTo(PRODUCT);
        assertThat(product.get("kind").asString()).isEqualTo("sku-assembly");
        assertThat(product.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(product.get("custodianOrg").asString()).isEqualTo("RetailerMSP");
        assertThat(product.get("site").asString() + "/" + product.get("line").asString() + "/"
                        + product.get("station").asString())
                .isEqualTo("plant-1/line-2/st-r-asm");
        assertThat(product.get("producedAt").asString())
                .isEqualTo(Instant.ofEpochMilli(1772439072000L).toString());
        assertThat(product.get("partCount").asInt()).isEqualTo(3);
        assertThat(product.get("quality").asString()).isEqualTo("PASS");
    }

    @Test
    void everyFilterMustHold() {
        assertThat(ids(query(Map.of(GoodsQuery.Field.SITE, "plant-2"))))
                .containsExactly("plant-2-bolt-2", "plant-2-bolt-1");
        assertThat(ids(query(Map.of(GoodsQuery.Field.SITE, "plant-2", GoodsQuery.Field.STATUS, "RECALLED"))))
                .containsExactly("plant-2-bolt-2");
        assertThat(ids(query(Map.of(GoodsQuery.Field.LINE, "line-2", GoodsQuery.Field.STATUS, "ACTIVE"))))
                .containsExactly(PRODUCT);
        assertThat(ids(query(Map.of(GoodsQuery.Field.CUSTODIAN, "RetailerMSP"))))
                .containsExactly(PRODUCT);
        assertThat(ids(query(Map.of(GoodsQuery.Field.KIND, "sku-assembly", GoodsQuery.Field.ROBOT, "r-weld"))))
                .containsExactly("frame-S2", "frame-S1");
        assertThat(ids(query(Map.of(GoodsQuery.Field.STATION, "st-r-asm", GoodsQuery.Field.SITE, "plant-2"))))
                .isEmpty();
        assertThat(ids(new GoodsQuery(
                        Map.of(GoodsQuery.Field.ROBOT, "r-weld"),
                        Optional.of(Instant.ofEpochMilli(1772438646000L)),
                        Optional.of(Instant.ofEpochMilli(1772438890000L)),
                        50,
                        Optional.empty())))
                .as("from inclusive, before exclusive")
                .containsExactly("frame-S1", "cover-3", "bolt-8");
    }

    @Test
    void findsGoodsByTheirGs1KeysAndShowsAProductsDigitalLink() {
        Sgtin item = Sgtin.fromEpcUri(PRODUCT).orElseThrow();
        JsonNode product = search.find(query(Map.of(GoodsQuery.Field.SERIAL, item.serial())))
                .value()
                .goods()
                .get(0);

        assertThat(product.get("id").asString()).isEqualTo(PRODUCT);
        assertThat(product.get("gtin").asString()).isEqualTo(item.gtin());
        assertThat(product.get("digitalLink").asString()).isEqualTo(item.digitalLinkPath());
        assertThat(ids(query(Map.of(GoodsQuery.Field.GTIN, item.gtin(), GoodsQuery.Field.SERIAL, item.serial()))))
                .containsExactly(PRODUCT);
        assertThat(ids(query(Map.of(GoodsQuery.Field.LOT, "L-7")))).containsExactly("plant-2-bolt-2", "plant-2-bolt-1");
        assertThat(ids(query(Map.of(GoodsQuery.Field.GTIN, BOLT_GTIN, GoodsQuery.Field.SERIAL, "b-1"))))
                .containsExactly("plant-2-bolt-1");
        assertThat(ids(query(Map.of(GoodsQuery.Field.GTIN, item.gtin(), GoodsQuery.Field.SERIAL, "b-1"))))
                .isEmpty();
    }

    @Test
    void pagesCoverEveryGoodOnceInOrder() {
        List<String> all = ids(new GoodsQuery(
                new EnumMap<>(GoodsQuery.Field.class),
                Optional.empty(),
                Optional.empty(),
                GoodsQuery.MAX_LIMIT,
                Optional.empty()));
        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Optional<GoodsQuery.Cursor> after = Optional.empty();
        do {
            GoodsSearch.Page page = search.find(new GoodsQuery(
                            Map.of(),
                            Optional.empty(),
                            Optional.empty(),
                            3,
                            after.map(cursor -> GoodsQuery.Cursor.parse(cursor.token()))))
                    .value();
            page.goods().forEach(good -> paged.add(good.get("id").asString()));
            sizes.add(page.goods().size());
            after = page.next();
        } while (after.isPresent());

        assertThat(all).hasSize(10).startsWith("plant-2-bolt-2", "plant-2-bolt-1", PRODUCT);
        assertThat(paged).isEqualTo(all);
        assertThat(sizes).containsExactly(3, 3, 3, 1);
    }

    @Test
    void refusesWhatIsNotAQuery() {
        assertThatThrownBy(() -> query(Map.of(GoodsQuery.Field.STATUS, "LOST")))
                .hasMessageContaining(
                        "status must be one of [ACTIVE, CONSUMED, QUARANTINED, RECALLED, SCRAPPED], was 'LOST'");
        assertThatThrownBy(() -> new GoodsQuery(Map.of(), Optional.empty(), Optional.empty(), 201, Optional.empty()))
                .hasMessageContaining("limit must be 1..200");
        assertThatThrownBy(() -> new GoodsQuery(
                        Map.of(), Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), 5, Optional.empty()))
                .hasMessageContaining("must be before producedBefore");
        assertThatThrownBy(() -> GoodsQuery.Cursor.parse("not a cursor"))
                .hasMessageContaining("after must be the nextCursor of an earlier page");
    }
}
