-- gongkai:foreign-keys-off
-- Records of the 政府信息公开 专栏 (政府信息公开指南, 制度, 年度报告) belong to the unit as a
-- whole: they have no catalog entry (entry_id NULL, domain_code and entry_key ''). SQLite
-- cannot drop a NOT NULL constraint, so the table is rebuilt (as in 0012, with enforcement
-- off and a foreign_key_check before commit). The copy names every column of the table as
-- migrations up to 0026 left it (0023 added major): a later migration that adds a column to
-- records must come after this one (INSERT … SELECT * fails loudly if the column lists differ).
CREATE TABLE records_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id          INTEGER NOT NULL REFERENCES orgs(id),
    domain_code      TEXT NOT NULL,
    entry_id         INTEGER REFERENCES catalog_entries(id),
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
    updated_at       TIMESTAMP NOT NULL,
    issuer_org_id    INTEGER REFERENCES orgs(id),
    validity         TEXT NOT NULL DEFAULT '',
    effective_on     TEXT,
    ends_on          TEXT,
    repealed_by      INTEGER NOT NULL DEFAULT 0,
    repealed_from    TEXT,
    major            INTEGER NOT NULL DEFAULT 0
);

INSERT INTO records_new SELECT * FROM records;

DROP TABLE records;
ALTER TABLE records_new RENAME TO records;

CREATE INDEX records_unit ON records(unit_id, state, published_at);
CREATE INDEX records_entry ON records(unit_id, domain_code, entry_key, state);
CREATE INDEX records_policy ON records(policy_id);
CREATE INDEX records_scheduled ON records(state, scheduled_at);
CREATE UNIQUE INDEX records_index_no ON records(index_no);
CREATE INDEX records_published ON records(state, published_at, id);
CREATE INDEX records_issuer ON records(issuer_org_id, state);
CREATE INDEX records_validity ON records(validity, ends_on);
CREATE INDEX records_kind ON records(unit_id, kind, state);

-- IDs are never used twice (0012): the counter stays past every ID the audit log has named.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'records', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'records');
UPDATE sqlite_sequence SET seq = max(seq,
    (SELECT COALESCE(MAX(id), 0) FROM records),
    (SELECT COALESCE(MAX(CAST(object_id AS INTEGER)), 0) FROM audit_log WHERE object_type = 'record'))
WHERE name = 'records';
