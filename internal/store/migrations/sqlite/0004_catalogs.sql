-- Standard catalogs: one per (organisation, domain); a province office or provincial
-- department keeps template catalogs. Every change is a new version; entries belong to a
-- version. Filing receipts per recipient (province office, city).
CREATE TABLE catalogs (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    domain_code TEXT NOT NULL REFERENCES domains(code),
    template    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, domain_code)
);

CREATE TABLE catalog_versions (
    id               INTEGER PRIMARY KEY,
    catalog_id       INTEGER NOT NULL REFERENCES catalogs(id),
    number           INTEGER NOT NULL,
    state            TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT '',
    template_version INTEGER REFERENCES catalog_versions(id),
    created_at       TIMESTAMP NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    filed_at         TIMESTAMP,
    effective_at     TIMESTAMP,
    superseded_at    TIMESTAMP,
    UNIQUE (catalog_id, number)
);
CREATE INDEX catalog_versions_state ON catalog_versions(catalog_id, state);

CREATE TABLE catalog_entries (
    id                 INTEGER PRIMARY KEY,
    version_id         INTEGER NOT NULL REFERENCES catalog_versions(id) ON DELETE CASCADE,
    entry_key          TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    item1              TEXT NOT NULL,
    item2              TEXT NOT NULL,
    content            TEXT NOT NULL,
    legal_basis        TEXT NOT NULL,
    time_limit         TEXT NOT NULL,
    responsible_body   TEXT NOT NULL,
    responsible_org_id INTEGER,
    channels           TEXT NOT NULL,
    audience_public    INTEGER NOT NULL,
    audience_group     INTEGER NOT NULL,
    mode_proactive     INTEGER NOT NULL,
    mode_on_request    INTEGER NOT NULL,
    level_county       INTEGER NOT NULL,
    level_township     INTEGER NOT NULL,
    stages             TEXT NOT NULL,
    not_public         INTEGER NOT NULL,
    not_public_basis   TEXT NOT NULL,
    notes              TEXT NOT NULL,
    UNIQUE (version_id, entry_key)
);
CREATE INDEX catalog_entries_version ON catalog_entries(version_id, seq);

CREATE TABLE catalog_filings (
    id           INTEGER PRIMARY KEY,
    version_id   INTEGER NOT NULL REFERENCES catalog_versions(id),
    recipient_id INTEGER NOT NULL REFERENCES orgs(id),
    state        TEXT NOT NULL,
    opinion      TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, recipient_id)
);
