-- Public ratings (满意 / 基本满意 / 不满意) of catalog and record pages. The client is kept
-- only as a salted hash, to limit repeated ratings without storing addresses.
CREATE TABLE ratings (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES orgs(id),
    domain_code  TEXT NOT NULL,
    entry_key    TEXT NOT NULL DEFAULT '',
    value        INTEGER NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    client       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX ratings_unit ON ratings(unit_id, domain_code);
CREATE INDEX ratings_client ON ratings(client, created_at);
CREATE INDEX ratings_subject ON ratings(subject_type, subject_id);
