-- gongkai:foreign-keys-off
-- (The line above makes the migrator run this file with foreign-key enforcement off and run
-- PRAGMA foreign_key_check before committing: SQLite's procedure for rebuilding a table. With
-- enforcement on, dropping the old records table would delete every revision and attachment
-- through ON DELETE CASCADE.)
--
-- 1. Record IDs are never used twice. Without AUTOINCREMENT SQLite gives a new row the highest
--    ID plus one, so after the newest record was discarded (a draft deleted) the next record
--    took its ID, and the audit history of that ID mixed two records. AUTOINCREMENT needs a
--    rebuild of the table. The counter starts past every ID the table or the audit log has ever
--    named, so IDs discarded before this migration are not reused either.
-- 2. records.openness: the 公开属性 of the public (or only) revision, like kind and policy_id.
--    Only the attachments of a published 主动公开 record are public (store.PublicAttachment,
--    store.ExportAttachments); it is filled from the revision's content.
CREATE TABLE records_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id          INTEGER NOT NULL REFERENCES orgs(id),
    domain_code      TEXT NOT NULL,
    entry_id         INTEGER NOT NULL REFERENCES catalog_entries(id),
    entry_key        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    policy_id        INTEGER NOT NULL DEFAULT 0,
    openness         TEXT NOT NULL DEFAULT '',
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

INSERT INTO records_new (id, unit_id, domain_code, entry_id, entry_key, kind, policy_id, openness, state, title,
    public_revision, pending_revision, index_no, published_at, withdrawn_at, withdraw_reason, scheduled_at, created_at, updated_at)
SELECT r.id, r.unit_id, r.domain_code, r.entry_id, r.entry_key, r.kind, r.policy_id,
    COALESCE((SELECT json_extract(v.data, '$.Openness') FROM record_revisions v
        WHERE v.record_id = r.id AND v.revision = CASE WHEN r.public_revision <> 0 THEN r.public_revision ELSE 1 END), ''),
    r.state, r.title, r.public_revision, r.pending_revision, r.index_no, r.published_at, r.withdrawn_at, r.withdraw_reason,
    r.scheduled_at, r.created_at, r.updated_at
FROM records r;

DROP TABLE records;
ALTER TABLE records_new RENAME TO records;

CREATE INDEX records_unit ON records(unit_id, state, published_at);
CREATE INDEX records_entry ON records(unit_id, domain_code, entry_key, state);
CREATE INDEX records_policy ON records(policy_id);
CREATE INDEX records_scheduled ON records(state, scheduled_at);
CREATE UNIQUE INDEX records_index_no ON records(index_no);
CREATE INDEX records_published ON records(state, published_at, id);

-- The counter: past the highest ID in the table (the copy above set it) and in the audit log.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'records', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'records');
UPDATE sqlite_sequence SET seq = max(seq,
    (SELECT COALESCE(MAX(CAST(object_id AS INTEGER)), 0) FROM audit_log WHERE object_type = 'record'))
WHERE name = 'records';
