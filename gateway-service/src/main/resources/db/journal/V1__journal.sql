-- The gateway's durable journal, as it stood when schema changes became migrations. Idempotent on
-- purpose: it also runs once over a journal that an older gateway created without migrations (no
-- history table), and its IF NOT EXISTS steps bring any earlier layout to this one. Later changes
-- go in V2, V3, ... beside it.

CREATE TABLE IF NOT EXISTS robots (
    robot_id      TEXT PRIMARY KEY,
    public_key    BYTEA NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    registered_at TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS anchor_batches (
    batch_id          BIGSERIAL PRIMARY KEY,
    merkle_root       BYTEA NOT NULL,
    window_count      INT NOT NULL,
    reading_count     INT NOT NULL,
    first_received_at TIMESTAMPTZ NOT NULL,
    last_received_at  TIMESTAMPTZ NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('PENDING_SUBMISSION', 'SUBMITTED', 'ANCHORED')),
    transaction_id    TEXT,
    block_number      BIGINT
);

-- Where the anchor went, as the submitter's receipt named it (inclusion proofs repeat it).
ALTER TABLE anchor_batches ADD COLUMN IF NOT EXISTS ledger_channel TEXT;
ALTER TABLE anchor_batches ADD COLUMN IF NOT EXISTS chaincode TEXT;
-- The earliest and latest signing time of the batch's windows (epoch milliseconds, the robots'
-- clocks): the anchor's fromEpochMillis and toEpochMillis. NULL for batches sealed before these
-- columns, whose anchors carry the receive times as they did then.
ALTER TABLE anchor_batches ADD COLUMN IF NOT EXISTS first_signed_at_millis BIGINT;
ALTER TABLE anchor_batches ADD COLUMN IF NOT EXISTS last_signed_at_millis BIGINT;

CREATE TABLE IF NOT EXISTS envelopes (
    envelope_id      BIGSERIAL PRIMARY KEY,
    robot_id         TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    message_type     TEXT NOT NULL,
    topic            TEXT NOT NULL,
    body             BYTEA NOT NULL,
    body_sha256      BYTEA NOT NULL,
    reading_count    INT NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    journaled_at     TIMESTAMPTZ NOT NULL,
    -- For telemetry windows: the anchor-tree leaf hash of the signed window header.
    anchor_leaf_hash BYTEA,
    -- A telemetry window is one leaf of its anchor batch's Merkle tree; its readings reach the
    -- batch through the window (one update per window instead of one per reading).
    batch_id         BIGINT REFERENCES anchor_batches (batch_id),
    batch_leaf_index INT,
    UNIQUE (robot_id, seq)
);

-- The envelope's signed timestamp (epoch milliseconds, the robot's clock). An anchor batch's time
-- range is the range of its windows' signing times, so that a production signed at its window's
-- time lies within the range of the anchor it names. Rows written before the column hold NULL;
-- the batcher reads their time from the body.
ALTER TABLE envelopes ADD COLUMN IF NOT EXISTS signed_at_millis BIGINT;

CREATE INDEX IF NOT EXISTS envelopes_unbatched_windows
    ON envelopes (envelope_id) WHERE message_type = 'TELEMETRY_WINDOW' AND batch_id IS NULL;

-- For telemetry windows: the number of the first reading. A window's readings are consecutive and
-- stay in its body (whose seal was checked before the journal took it), so this and reading_count
-- locate any reading: one row per window instead of one per reading.
ALTER TABLE envelopes ADD COLUMN IF NOT EXISTS first_reading_seq BIGINT;
CREATE INDEX IF NOT EXISTS envelopes_window_readings
    ON envelopes (robot_id, first_reading_seq) WHERE message_type = 'TELEMETRY_WINDOW';

-- Journals written before that column kept a row per reading as well, in this table. Its rows at
-- leaf 0 give first_reading_seq once; then it goes (every reading is still in its envelope's body).
-- A new journal creates it empty and drops it again.
CREATE TABLE IF NOT EXISTS readings (
    envelope_id BIGINT NOT NULL REFERENCES envelopes (envelope_id),
    leaf_index  INT NOT NULL,
    reading     BYTEA NOT NULL,
    leaf_hash   BYTEA NOT NULL,
    PRIMARY KEY (envelope_id, leaf_index)
);
UPDATE envelopes e
   SET first_reading_seq = (convert_from(r.reading, 'UTF8')::jsonb ->> 'readingSeq')::bigint
  FROM readings r
 WHERE r.envelope_id = e.envelope_id AND r.leaf_index = 0 AND e.first_reading_seq IS NULL;
DROP TABLE readings;

CREATE TABLE IF NOT EXISTS robot_sequences (
    robot_id   TEXT PRIMARY KEY,
    last_seq   BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- What each robot got journaled, counted in the same transaction as the envelopes, so the
-- operator's robot list does not aggregate the whole journal on every request.
ALTER TABLE robot_sequences ADD COLUMN IF NOT EXISTS envelopes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE robot_sequences ADD COLUMN IF NOT EXISTS readings BIGINT NOT NULL DEFAULT 0;
ALTER TABLE robot_sequences ADD COLUMN IF NOT EXISTS last_received_at TIMESTAMPTZ;

-- Rows written before those columns existed have no last_received_at: count their journal once.
-- Every later write sets it, so from then on the inner query finds no robot and costs nothing.
UPDATE robot_sequences s
   SET envelopes = t.envelopes, readings = t.readings, last_received_at = t.last_received_at
  FROM (SELECT e.robot_id, count(*) AS envelopes, coalesce(sum(e.reading_count), 0) AS readings,
               max(e.received_at) AS last_received_at
          FROM envelopes e
         WHERE e.robot_id IN (SELECT robot_id FROM robot_sequences WHERE last_received_at IS NULL)
         GROUP BY e.robot_id) t
 WHERE s.robot_id = t.robot_id;

CREATE TABLE IF NOT EXISTS sequence_gaps (
    robot_id      TEXT NOT NULL,
    first_missing BIGINT NOT NULL,
    last_missing  BIGINT NOT NULL,
    detected_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (robot_id, first_missing)
);

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_letter_id BIGSERIAL PRIMARY KEY,
    reason         TEXT NOT NULL,
    detail         TEXT NOT NULL,
    topic          TEXT NOT NULL,
    robot_id       TEXT,
    seq            BIGINT,
    body_prefix    BYTEA NOT NULL,
    body_size      INT NOT NULL,
    body_sha256    BYTEA NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    -- A redelivery of the same refused message (lost ack) is recorded once.
    UNIQUE (topic, body_sha256)
);

-- For the retention's deletes (gateway.journal.dead-letter-retention).
CREATE INDEX IF NOT EXISTS dead_letters_received_at ON dead_letters (received_at);

-- Refusals beyond gateway.journal.dead-letters-per-robot-per-minute: one counter per sender, minute
-- and reason instead of a row each, so a flooding robot cannot fill the disk with dead letters.
CREATE TABLE IF NOT EXISTS dead_letter_overflow (
    sender           TEXT NOT NULL,
    minute           TIMESTAMPTZ NOT NULL,
    reason           TEXT NOT NULL,
    refused          BIGINT NOT NULL,
    last_body_sha256 BYTEA NOT NULL,
    last_received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sender, minute, reason)
);

-- Production events (COMPONENT_PRODUCED, ASSEMBLED, QUALITY_CHECK) on their way to the ledger, one
-- row per journaled event, written by the journal writer in the same transaction as the envelope.
-- PENDING until the submitter records it as COMMITTED (transaction, block) or REFUSED (by the
-- gateway's check of the contract's argument rules, or by the ledger: code and message).
CREATE TABLE IF NOT EXISTS production_events (
    envelope_id    BIGINT PRIMARY KEY REFERENCES envelopes (envelope_id),
    state          TEXT NOT NULL CHECK (state IN ('PENDING', 'COMMITTED', 'REFUSED')),
    event_id       TEXT,
    transaction_id TEXT,
    block_number   BIGINT,
    refused_by     TEXT CHECK (refused_by IN ('GATEWAY', 'LEDGER')),
    error_code     TEXT,
    error_message  TEXT,
    decided_at     TIMESTAMPTZ,
    CHECK (state <> 'COMMITTED' OR (transaction_id IS NOT NULL AND block_number IS NOT NULL)),
    CHECK (state <> 'REFUSED' OR (refused_by IS NOT NULL AND error_code IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS production_events_pending ON production_events (envelope_id) WHERE state = 'PENDING';
-- The submitter looks up refused productions every round (an event naming a good whose production
-- was refused is refused too); they are few.
CREATE INDEX IF NOT EXISTS production_events_refused ON production_events (envelope_id) WHERE state = 'REFUSED';

-- A journal written before this table (or by an older gateway sharing it) holds events that never
-- reached the ledger: they are pending. The partial index keeps this look-up to production events.
CREATE INDEX IF NOT EXISTS envelopes_production_events
    ON envelopes (envelope_id) WHERE message_type IN ('COMPONENT_PRODUCED', 'ASSEMBLED', 'QUALITY_CHECK');
INSERT INTO production_events (envelope_id, state)
SELECT e.envelope_id, 'PENDING' FROM envelopes e
 WHERE e.message_type IN ('COMPONENT_PRODUCED', 'ASSEMBLED', 'QUALITY_CHECK')
   AND NOT EXISTS (SELECT 1 FROM production_events p WHERE p.envelope_id = e.envelope_id);

-- One-time sign-in codes already exchanged for a session (network/system.sh mints them; the
-- gateway holds only their hashes): a code signs in once.
CREATE TABLE IF NOT EXISTS sign_in_codes_used (
    code_sha256 TEXT PRIMARY KEY,
    used_at     TIMESTAMPTZ NOT NULL
);

-- A good's telemetry view reads its robot's windows signed around the good's production time.
CREATE INDEX IF NOT EXISTS envelopes_window_times
    ON envelopes (robot_id, signed_at_millis) WHERE message_type = 'TELEMETRY_WINDOW';
