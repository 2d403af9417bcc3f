package dev.robotledger.gateway.readmodel;

import dev.robotledger.gateway.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the world state the read model mirrors: entities by object type and id, their history,
 * and how far the model is current. Blocking JDBC: call it off the event loop.
 */
public final class LedgerState {

    private final JdbcTemplate jdbc;
    private final String channel;
    private final String chaincode;

    public LedgerState(DataSource dataSource, String channel, String chaincode) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /**
     * The ledger height the model is current to, as a peer counts it: the number of blocks
     * projected (the last one is {@code height - 1}); 0 before the first block.
     */
    public long height() {
        Long next = jdbc.query(
                "SELECT next_block FROM ledger_checkpoint WHERE channel = ? AND chaincode = ?",
                rs -> rs.next() ? rs.getLong(1) : null,
                channel,
                chaincode);
        return next == null ? 0 : next;
    }

    /** Makes the transaction just begun a REPEATABLE READ one: it must come before any query in it. */
    void repeatableRead() {
        jdbc.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    }

    public Optional<LedgerDocument> entity(String objectType, String id) {
        return jdbc
                .query(
                        "SELECT object_type, entity_id, document::text, block_number, tx_id FROM ledger_state"
                                + " WHERE object_type = ? AND attributes = ARRAY[?]::text[]",
                        (rs, row) -> current(rs),
                        objectType,
                        id)
                .stream()
                .findFirst();
    }

    /** The entities of one type among {@code ids}, by id; ids the ledger does not hold are absent. */
    public Map<String, LedgerDocument> entities(String objectType, Collection<String> ids) {
        Map<String, LedgerDocument> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.execute((java.sql.Connection connection) -> {
            try (var query = connection.prepareStatement(
                    "SELECT object_type, entity_id, document::text, block_number,"
                            + " tx_id FROM ledger_state WHERE object_type = ? AND entity_id = ANY (?) AND cardinality(attributes) = 1")) {
                query.setString(1, objectType);
                query.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        LedgerDocument document = current(rs);
                        found.put(document.id(), document);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /** The goods among {@code ids} with what a tree walk needs, by id; ids the ledger does not hold are absent. */
    public Map<String, StoredGood> goods(Collection<String> ids) {
        Map<String, StoredGood> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.execute((java.sql.Connection connection) -> {
            try (var query = connection.prepareStatement("SELECT entity_id, value, part_ids, robot_id FROM ledger_state"
                    + " WHERE object_type = 'good' AND entity_id = ANY (?) AND cardinality(attributes) = 1")) {
                query.setArray(1, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        java.sql.Array parts = rs.getArray(3);
                        StoredGood good = new StoredGood(
                                rs.getString(1),
                                rs.getBytes(2),
                                parts == null ? List.of() : List.of((String[]) parts.getArray()),
                                rs.getString(4));
                        found.put(good.id(), good);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /** Where a transaction was committed, as the read model projected it. */
    public record TransactionPlace(String transactionId, String function, long blockNumber, byte[] blockHeaderHash) {}

    /** The transactions among {@code ids} that wrote some entity, by id; others are absent. */
    public Map<String, TransactionPlace> transactions(Collection<String> ids) {
        Map<String, TransactionPlace> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.execute((java.sql.Connection connection) -> {
            try (var query = connection.prepareStatement("SELECT DISTINCT ON (h.tx_id) h.tx_id, h.function,"
                    + " h.block_number, b.header_hash FROM ledger_state_history h LEFT JOIN ledger_blocks b"
                    + " ON b.channel = ? AND b.block_number = h.block_number WHERE h.tx_id = ANY (?)")) {
                query.setString(1, channel);
                query.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        TransactionPlace place =
                                new TransactionPlace(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4));
                        found.put(place.transactionId(), place);
                    }
                }
            }
            return null;
        });
        return found;
    }

    /** Every committed version of an entity, oldest first. */
    public List<LedgerDocument> history(String objectType, String id) {
        return jdbc.query(
                "SELECT object_type, attributes[1], document::text, block_number, tx_id, tx_time, function"
                        + " FROM ledger_state_history WHERE object_type = ? AND attributes = ARRAY[?]::text[]"
                        + " ORDER BY block_number, tx_index",
                (rs, row) -> new LedgerDocument(
                        rs.getString(1),
                        rs.getString(2),
                        json(rs.getString(3)),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7)),
                objectType,
                id);
    }

    /**
     * The keys of one of the chaincode's composite-key indexes whose leading attributes are
     * {@code prefix}, in key order (as a range query on the peer returns them).
     */
    public List<List<String>> indexKeys(String indexType, List<String> prefix) {
        StringBuilder sql = new StringBuilder("SELECT attributes FROM ledger_state WHERE object_type = ?");
        for (int i = 0; i < prefix.size(); i++) {
            sql.append(" AND attributes[").append(i + 1).append("] = ?");
        }
        sql.append(" ORDER BY attributes");
        Object[] args = new Object[prefix.size() + 1];
        args[0] = indexType;
        for (int i = 0; i < prefix.size(); i++) {
            args[i + 1] = prefix.get(i);
        }
        return jdbc.query(
                sql.toString(), (rs, row) -> List.of((String[]) rs.getArray(1).getArray()), args);
    }

    /** A projected block's header. {@code previousHash} and {@code dataHash} are null for blocks projected before they were kept. */
    public record BlockHeader(long number, byte[] headerHash, byte[] previousHash, byte[] dataHash) {}

    /** The newest block the model projected. */
    public Optional<BlockHeader> newestBlock() {
        return jdbc
                .query(
                        "SELECT block_number, header_hash, previous_hash, data_hash FROM ledger_blocks WHERE channel = ?"
                                + " ORDER BY block_number DESC LIMIT 1",
                        (rs, row) -> header(rs),
                        channel)
                .stream()
                .findFirst();
    }

    /** The headers of blocks {@code from} to {@code to}, in order; blocks the model lacks are left out. */
    public List<BlockHeader> headers(long from, long to) {
        return jdbc.query(
                "SELECT block_number, header_hash, previous_hash, data_hash FROM ledger_blocks WHERE channel = ?"
                        + " AND block_number BETWEEN ? AND ? ORDER BY block_number",
                (rs, row) -> header(rs),
                channel,
                from,
                to);
    }

    /** The Bitcoin anchor of the lowest Fabric block at or after {@code blockNumber}: the first that covers it. */
    public Optional<LedgerDocument> bitcoinAnchorCovering(long blockNumber) {
        return jdbc
                .query(
                        "SELECT object_type, entity_id, document::text, block_number, tx_id FROM ledger_state"
                                + " WHERE object_type = 'bitcoinAnchor' AND (document ->> 'fabricBlockNumber')::bigint >= ?"
                                + " ORDER BY (document ->> 'fabricBlockNumber')::bigint LIMIT 1",
                        (rs, row) -> current(rs),
                        blockNumber)
                .stream()
                .findFirst();
    }

    /** The Bitcoin anchor of the highest Fabric block anchored so far. */
    public Optional<LedgerDocument> newestBitcoinAnchor() {
        return jdbc
                .query(
                        "SELECT object_type, entity_id, document::text, block_number, tx_id FROM ledger_state"
                                + " WHERE object_type = 'bitcoinAnchor' ORDER BY (document ->> 'fabricBlockNumber')::bigint DESC LIMIT 1",
                        (rs, row) -> current(rs))
                .stream()
                .findFirst();
    }

    private static BlockHeader header(ResultSet rs) throws SQLException {
        return new BlockHeader(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4));
    }

    private static LedgerDocument current(ResultSet rs) throws SQLException {
        return new LedgerDocument(
                rs.getString(1), rs.getString(2), json(rs.getString(3)), rs.getLong(4), rs.getString(5), null, null);
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalStateException("the read model holds a document that is not JSON", e);
        }
    }
}
