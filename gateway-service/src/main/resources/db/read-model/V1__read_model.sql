-- The read model: the chaincode's public world state mirrored from committed blocks, with the
-- history of every entity and the block it is current to. Idempotent for the same reason as the
-- journal's V1: it also runs once over a read model an older gateway created without migrations.

-- The next block to project, per channel and chaincode; moved in the same transaction as the
-- block's writes, so a restart resumes with nothing lost or repeated.
CREATE TABLE IF NOT EXISTS ledger_checkpoint (
    channel    TEXT NOT NULL,
    chaincode  TEXT NOT NULL,
    next_block BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, chaincode)
);

-- Every public key the chaincode holds: entities (good, robot, anchor, lien, ...) and its
-- composite-key indexes (object types with '~', e.g. robot~day~time~good). JSON values are also
-- kept as JSONB for queries.
CREATE TABLE IF NOT EXISTS ledger_state (
    object_type  TEXT NOT NULL,
    attributes   TEXT[] NOT NULL,
    value        BYTEA NOT NULL,
    document     JSONB,
    block_number BIGINT NOT NULL,
    tx_id        TEXT NOT NULL,
    -- For goods, taken from the value when it is projected, so that a tree is walked without
    -- reading every good's JSON: its parts in order, and the robot that made it.
    part_ids     TEXT[],
    robot_id     TEXT,
    PRIMARY KEY (object_type, attributes)
);

-- Entities' committed versions (indexes are left out), oldest first by block and position.
CREATE TABLE IF NOT EXISTS ledger_state_history (
    object_type  TEXT NOT NULL,
    attributes   TEXT[] NOT NULL,
    block_number BIGINT NOT NULL,
    tx_index     INT NOT NULL,
    tx_id        TEXT NOT NULL,
    tx_time      TIMESTAMPTZ NOT NULL,
    function     TEXT NOT NULL,
    document     JSONB,
    deleted      BOOLEAN NOT NULL,
    PRIMARY KEY (object_type, attributes, block_number, tx_index)
);

-- Entities are looked up by their id (the key's first attribute), e.g. all goods of one tree level.
ALTER TABLE ledger_state ADD COLUMN IF NOT EXISTS entity_id TEXT GENERATED ALWAYS AS (attributes[1]) STORED;
CREATE INDEX IF NOT EXISTS ledger_state_entities ON ledger_state (object_type, entity_id);

-- The blocks projected: their header hashes, which certificates cite.
CREATE TABLE IF NOT EXISTS ledger_blocks (
    channel      TEXT NOT NULL,
    block_number BIGINT NOT NULL,
    header_hash  BYTEA NOT NULL,
    PRIMARY KEY (channel, block_number)
);

-- The rest of each header, so that a certificate can chain a block's header to a later block's
-- (the one anchored in Bitcoin). Null for blocks projected before these columns existed.
ALTER TABLE ledger_blocks ADD COLUMN IF NOT EXISTS previous_hash BYTEA;
ALTER TABLE ledger_blocks ADD COLUMN IF NOT EXISTS data_hash BYTEA;

CREATE INDEX IF NOT EXISTS ledger_state_history_transactions ON ledger_state_history (tx_id);

-- Goods are searched newest production first (GET /api/goods), page after page from a cursor.
CREATE INDEX IF NOT EXISTS ledger_state_goods_by_production ON ledger_state
    (((document #>> '{production,producedAtEpochMillis}')::bigint) DESC, entity_id DESC) WHERE object_type = 'good';

-- A good is found by its GS1 serial (GET /api/goods?serial=, a product's Digital Link).
CREATE INDEX IF NOT EXISTS ledger_state_goods_by_serial ON ledger_state
    ((document #>> '{production,serial}')) WHERE object_type = 'good';
