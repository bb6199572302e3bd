-- Supervised campaigns (the pilot of requirements.md §四–§五) as data. The plan — phases,
-- deliverables with their due rules, cadences — is kept as JSON in plan; the participating
-- units are rows, so that a unit's campaigns are found by index. Dates are 'YYYY-MM-DD'.
CREATE TABLE campaigns (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    doc_no     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT NOT NULL,
    doc_text   TEXT NOT NULL DEFAULT '',
    doc_link   TEXT NOT NULL DEFAULT '',
    plan       TEXT NOT NULL,
    public     INTEGER NOT NULL DEFAULT 0,
    sample     INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE campaign_units (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    domains     TEXT NOT NULL,
    sort        INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, org_id)
);
CREATE INDEX campaign_units_org ON campaign_units(org_id);

-- One row per thing one owner owes; okey names it across regenerations ("d:<kind>:<title>",
-- "p:2026-12-1", "liaison"). version, submitted_on, status and public summarise the
-- submissions so that dashboards need no join; they change in the submission's transaction.
CREATE TABLE obligations (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    okey         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    phase        TEXT NOT NULL DEFAULT '',
    period_start TEXT NOT NULL DEFAULT '',
    period_end   TEXT NOT NULL DEFAULT '',
    due_day      TEXT NOT NULL,
    recipients   TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 0,
    submitted_on TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT '',
    public       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, org_id, okey)
);
CREATE INDEX obligations_campaign_due ON obligations(campaign_id, due_day);
CREATE INDEX obligations_org_due ON obligations(org_id, due_day);

CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES obligations(id),
    version       INTEGER NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    progress      TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    next_steps    TEXT NOT NULL DEFAULT '',
    experience    TEXT NOT NULL DEFAULT '',
    public        INTEGER NOT NULL DEFAULT 0,
    highlight     INTEGER NOT NULL DEFAULT 0,
    figures       TEXT NOT NULL DEFAULT '',
    person_id     INTEGER REFERENCES people(id),
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (obligation_id, version)
);

-- One receipt per recipient and version: the primary key refuses a second.
CREATE TABLE submission_receipts (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    recipient_id  INTEGER NOT NULL REFERENCES orgs(id),
    decision      TEXT NOT NULL,
    opinion       TEXT NOT NULL DEFAULT '',
    person_id     INTEGER REFERENCES people(id),
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (submission_id, recipient_id)
);

-- Contacts per unit and city; a change is a new row, the newest per (org, role) is current.
CREATE TABLE liaisons (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    role         TEXT NOT NULL,
    name         TEXT NOT NULL,
    post         TEXT NOT NULL,
    office_phone TEXT NOT NULL DEFAULT '',
    mobile       TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    person_id    INTEGER REFERENCES people(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX liaisons_org ON liaisons(org_id, role, id);
