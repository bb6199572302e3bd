-- Foundation: organisations, domains, people, roles, sessions, tokens, audit log, settings.
CREATE TABLE domains (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    sort       INTEGER NOT NULL DEFAULT 0,
    builtin    INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE orgs (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES orgs(id),
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    unit_type  TEXT NOT NULL DEFAULT '',
    path       TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0,
    sample     INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE org_domains (
    org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL REFERENCES domains(code),
    PRIMARY KEY (org_id, domain_code)
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    disabled        INTEGER NOT NULL DEFAULT 0,
    sample          INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE grants (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    role      TEXT NOT NULL,
    PRIMARY KEY (person_id, org_id, role)
);
CREATE INDEX grants_org ON grants(org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_login TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    org_id      INTEGER NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_org ON audit_log(org_id, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
