-- Records (公开信息) and their revisions. The record row carries what belongs to the record
-- as a whole (its unit, entry, index number, public state); each revision row carries one
-- revision's content and procedure as JSON (internal/record.Record), with its state and title
-- as columns for work queues.
CREATE TABLE records (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES orgs(id),
    domain_code      TEXT NOT NULL,
    entry_id         INTEGER NOT NULL REFERENCES catalog_entries(id),
    entry_key        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    policy_id        INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL,
    title            TEXT NOT NULL,
    public_revision  INTEGER NOT NULL DEFAULT 0,
    pending_revision INTEGER NOT NULL DEFAULT 0,
    index_no         TEXT,
    published_at     TIMESTAMP,
    withdrawn_at     TIMESTAMP,
    withdraw_reason  TEXT NOT NULL DEFAULT '',
    scheduled_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX records_unit ON records(unit_id, state, published_at);
CREATE INDEX records_entry ON records(unit_id, domain_code, entry_key, state);
CREATE INDEX records_policy ON records(policy_id);
CREATE INDEX records_scheduled ON records(state, scheduled_at);
CREATE UNIQUE INDEX records_index_no ON records(index_no);

CREATE TABLE record_revisions (
    record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    state      TEXT NOT NULL,
    title      TEXT NOT NULL,
    data       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (record_id, revision)
);
CREATE INDEX record_revisions_state ON record_revisions(state);

CREATE TABLE record_attachments (
    id         INTEGER PRIMARY KEY,
    record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    findings   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX record_attachments_rev ON record_attachments(record_id, revision, position);

-- Index number sequences, per issuer and year (or month), see record.IndexPattern.
CREATE TABLE index_counters (
    counter_key TEXT PRIMARY KEY,
    next_seq    INTEGER NOT NULL
);
