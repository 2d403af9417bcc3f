package dev.robotledger.gateway.readmodel;

import dev.robotledger.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Writes committed blocks into the read model's tables (PostgreSQL), each block in one database
 * transaction together with the checkpoint, so the model is always exactly the state after some
 * block: a block applied twice is skipped, a block out of order is refused.
 */
public final class ReadModelStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String channel;
    private final String chaincode;

    public ReadModelStore(DataSource dataSource, TransactionTemplate transactions, String channel, String chaincode) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /** The number of the next block to project: 0 before the first one. */
    public long nextBlock() {
        Long next = jdbc.query(
                "SELECT next_block FROM ledger_checkpoint WHERE channel = ? AND chaincode = ?",
                rs -> rs.next() ? rs.getLong(1) : null,
                channel,
                chaincode);
        return next == null ? 0 : next;
    }

    /**
     * Applies one block's writes and moves the checkpoint past it.
     *
     * @return false when the block was already applied (a redelivery after a reconnect)
     * @throws IllegalStateException when the block is beyond the next one: a block would be skipped
     */
    public boolean apply(LedgerBlock block) {
        Boolean applied = transactions.execute(status -> {
            jdbc.update(
                    "INSERT INTO ledger_checkpoint (channel, chaincode, next_block, updated_at) VALUES (?, ?, 0, now())"
                            + " ON CONFLICT DO NOTHING",
                    channel,
                    chaincode);
            long next = jdbc.queryForObject(
                    "SELECT next_block FROM ledger_checkpoint WHERE channel = ? AND chaincode = ?" + " FOR UPDATE",
                    Long.class,
                    channel,
                    chaincode);
            if (block.number() < next) {
                return false;
            }
            if (block.number() > next) {
                throw new IllegalStateException("the read model of " + channel + "/" + chaincode + " expects block "
                        + next + " but was given block " + block.number());
            }
            for (CommittedTransaction transaction : block.transactions()) {
                for (StateWrite write : transaction.writes()) {
                    apply(block.number(), transaction, write);
                }
            }
            jdbc.update(
                    "INSERT INTO ledger_blocks (channel, block_number, header_hash, previous_hash, data_hash)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    channel,
                    block.number(),
                    block.headerHash(),
                    block.previousHash(),
                    block.dataHash());
            jdbc.update(
                    "UPDATE ledger_checkpoint SET next_block = ?, updated_at = now() WHERE channel = ? AND chaincode = ?",
                    block.number() + 1,
                    channel,
                    chaincode);
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    private void apply(long blockNumber, CommittedTransaction transaction, StateWrite write) {
        JsonNode tree = write.isDelete() ? null : jsonObject(write.value());
        String document = tree == null ? null : new String(write.value(), StandardCharsets.UTF_8);
        Good good = "good".equals(write.objectType()) && tree != null ? Good.of(tree) : null;
        jdbc.execute((Connection connection) -> {
            Array attributes =
                    connection.createArrayOf("text", write.attributes().toArray());
            if (write.isDelete()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM ledger_state WHERE object_type = ? AND attributes = ?")) {
                    delete.setString(1, write.objectType());
                    delete.setArray(2, attributes);
                    delete.executeUpdate();
                }
            } else {
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO ledger_state (object_type, attributes, value, document, block_number, tx_id,"
                                + " part_ids, robot_id) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                                + " ON CONFLICT (object_type, attributes) DO UPDATE"
                                + " SET value = EXCLUDED.value, document = EXCLUDED.document,"
                                + " block_number = EXCLUDED.block_number, tx_id = EXCLUDED.tx_id,"
                                + " part_ids = EXCLUDED.part_ids, robot_id = EXCLUDED.robot_id")) {
                    upsert.setString(1, write.objectType());
                    upsert.setArray(2, attributes);
                    upsert.setBytes(3, write.value());
                    upsert.setString(4, document);
                    upsert.setLong(5, blockNumber);
                    upsert.setString(6, transaction.transactionId());
                    upsert.setArray(
                            7,
                            good == null
                                    ? null
                                    : connection.createArrayOf(
                                            "text", good.partIds().toArray()));
                    upsert.setString(8, good == null ? null : good.robotId());
                    upsert.executeUpdate();
                }
            }
            if (isEntity(write.objectType())) {
                try (PreparedStatement history = connection.prepareStatement(
                        "INSERT INTO ledger_state_history (object_type, attributes, block_number, tx_index, tx_id,"
                                + " tx_time, function, document, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
                    history.setString(1, write.objectType());
                    history.setArray(2, attributes);
                    history.setLong(3, blockNumber);
                    history.setInt(4, transaction.index());
                    history.setString(5, transaction.transactionId());
                    history.setTimestamp(6, Timestamp.from(transaction.timestamp()));
                    history.setString(7, transaction.function());
                    if (document == null) {
                        history.setNull(8, Types.OTHER);
                    } else {
                        history.setString(8, document);
                    }
                    history.setBoolean(9, write.isDelete());
                    history.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Entities, not the chaincode's indexes (by its naming, an index's object type holds '~'). */
    static boolean isEntity(String objectType) {
        return !objectType.isEmpty() && objectType.indexOf('~') < 0;
    }

    /** The value when it is a JSON object, else null (index markers, binary values). */
    static JsonNode jsonObject(byte[] value) {
        if (value.length == 0 || value[0] != '{') {
            return null;
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(value);
            return tree != null && tree.isObject() ? tree : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** What a tree walk needs of a good besides its Json.MAPPER. */
    private record Good(List<String> partIds, String robotId) {

        static Good of(JsonNode good) {
            List<String> parts = new ArrayList<>();
            good.path("partIds").forEach(part -> parts.add(part.asString()));
            return new Good(parts, good.path("production").path("robotId").asString(null));
        }
    }
}
