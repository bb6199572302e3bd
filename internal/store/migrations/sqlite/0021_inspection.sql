-- Inspection rounds (检查评估). The round keeps a frozen copy of the indicator set version it
-- uses (set_body, JSON), so that a later version of the set never changes its scores. Dates
-- are 'YYYY-MM-DD'; points are stored in tenths.
CREATE TABLE inspection_rounds (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    name           TEXT NOT NULL,
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL,
    cutoff         TIMESTAMP NOT NULL,
    set_key        TEXT NOT NULL,
    set_body       TEXT NOT NULL,
    scorers        TEXT NOT NULL,
    combine        TEXT NOT NULL,
    lead_login     TEXT NOT NULL DEFAULT '',
    objection_days INTEGER NOT NULL,
    state          TEXT NOT NULL,
    computed_at    TIMESTAMP,
    objections_by  TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMP,
    sample         INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE inspection_units (
    round_id INTEGER NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (round_id, unit_id)
);
CREATE INDEX inspection_units_unit ON inspection_units(unit_id);

-- The automatic indicators as computed for the cut-off, frozen; evidence is JSON
-- [{"url","note"}].
CREATE TABLE inspection_findings (
    round_id     INTEGER NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES orgs(id),
    indicator    TEXT NOT NULL,
    n            INTEGER NOT NULL,
    points_tenths INTEGER NOT NULL,
    veto         INTEGER NOT NULL DEFAULT 0,
    evidence     TEXT NOT NULL,
    PRIMARY KEY (round_id, unit_id, indicator)
);

-- One mark per scorer, unit and manual indicator; a scorer's new mark replaces their own.
CREATE TABLE inspection_marks (
    round_id      INTEGER NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES orgs(id),
    indicator     TEXT NOT NULL,
    scorer_id     INTEGER NOT NULL REFERENCES people(id),
    points_tenths INTEGER NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, unit_id, indicator, scorer_id)
);

CREATE TABLE inspection_objections (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES orgs(id),
    indicator  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    state      TEXT NOT NULL,
    opinion    TEXT NOT NULL DEFAULT '',
    filed_by   INTEGER REFERENCES people(id),
    decided_by INTEGER REFERENCES people(id),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    UNIQUE (round_id, unit_id, indicator)
);
