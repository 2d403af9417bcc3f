package dev.robotledger.gateway.provenance;

import dev.robotledger.gateway.json.Json;
import dev.robotledger.gateway.readmodel.LedgerState;
import dev.robotledger.gateway.readmodel.SnapshotReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds goods in the read model (PostgreSQL's copy of the ledger's goods) by {@link GoodsQuery}:
 * a page of summaries, newest production first, read in one snapshot with the ledger height it
 * is current to.
 */
public final class GoodsSearch {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PRODUCED = "(document #>> '{production,producedAtEpochMillis}')::bigint";

    /** One page: the goods' summaries, and the cursor of the next page when there may be one. */
    public record Page(List<JsonNode> goods, Optional<GoodsQuery.Cursor> next) {}

    private final JdbcTemplate jdbc;
    private final LedgerState state;
    private final SnapshotReads snapshot;

    public GoodsSearch(DataSource dataSource, LedgerState state, TransactionTemplate transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.state = state;
        this.snapshot = new SnapshotReads(transactions.getTransactionManager(), state);
    }

    public ProvenanceReadModel.Answer<Page> find(GoodsQuery query) {
        StringBuilder sql = new StringBuilder("SELECT document::text FROM ledger_state WHERE object_type = 'good'");
        List<Object> args = new ArrayList<>();
        query.equal().forEach((field, value) -> {
            sql.append(" AND document #>> '").append(field.jsonPath()).append("' = ?");
            args.add(value);
        });
        query.producedFrom().ifPresent(from -> {
            sql.append(" AND ").append(PRODUCED).append(" >= ?");
            args.add(from.toEpochMilli());
        });
        query.producedBefore().ifPresent(before -> {
            sql.append(" AND ").append(PRODUCED).append(" < ?");
            args.add(before.toEpochMilli());
        });
        query.after().ifPresent(cursor -> {
            sql.append(" AND (").append(PRODUCED).append(", entity_id) < (?, ?)");
            args.add(cursor.producedAtEpochMillis());
            args.add(cursor.goodId());
        });
        sql.append(" ORDER BY ").append(PRODUCED).append(" DESC, entity_id DESC LIMIT ?");
        args.add(query.limit() + 1);
        return snapshot.read(() -> {
            long height = state.height();
            List<JsonNode> goods = jdbc.query(sql.toString(), (rs, row) -> parse(rs.getString(1)), args.toArray());
            Optional<GoodsQuery.Cursor> next = Optional.empty();
            if (goods.size() > query.limit()) {
                goods = goods.subList(0, query.limit());
                JsonNode last = goods.get(goods.size() - 1);
                next = Optional.of(new GoodsQuery.Cursor(
                        last.at("/production/producedAtEpochMillis").asLong(),
                        last.get("id").asString()));
            }
            return new ProvenanceReadModel.Answer<>(
                    height, new Page(goods.stream().map(GoodsSearch::summary).toList(), next));
        });
    }

    /** What a list shows of a good: where, when and by whom it was made, its standing, and its checks in one word. */
    static JsonNode summary(JsonNode good) {
        JsonNode production = good.path("production");
        ObjectNode summary = NODES.objectNode()
                .put("id", good.path("id").asString())
                .put("kind", production.path("kind").asString())
                .put("status", good.path("status").asString())
                .put("custodianOrg", good.path("custodianOrg").asString())
                .put("robotId", production.path("robotId").asString())
                .put("site", production.path("site").asString())
                .put("line", production.path("line").asString())
                .put("station", production.path("station").asString())
                .put(
                        "producedAt",
                        Instant.ofEpochMilli(
                                        production.path("producedAtEpochMillis").asLong())
                                .toString())
                .put("partCount", good.path("partIds").size())
                .put("quality", quality(good.path("qualityChecks")));
        Gs1Identity.of(good)
                .ifPresent(identity -> summary.put("gtin", identity.gtin())
                        .put("serial", identity.serial())
                        .put("lot", identity.lot())
                        .put("digitalLink", identity.digitalLink()));
        return summary;
    }

    /** PASS when the latest check of every type passed, FAIL when one did not, NONE without checks. */
    private static String quality(JsonNode checks) {
        Map<String, String> latest = new HashMap<>();
        checks.forEach(check -> latest.put(
                check.path("checkType").asString(), check.path("result").asString()));
        if (latest.isEmpty()) {
            return "NONE";
        }
        return latest.values().stream().allMatch("PASS"::equals) ? "PASS" : "FAIL";
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
