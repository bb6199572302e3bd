-- Reachability probe (national check item "站点无法访问"): external sites of a unit, the
-- probe rounds claimed (one instance runs each round), and every probe's result. A removed
-- target keeps its results (removed_at), so removing a failing site before a cut-off does
-- not hide its failures.
CREATE TABLE probe_targets (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES orgs(id),
    url         TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES people(id),
    created_at  TIMESTAMP NOT NULL,
    removed_at  TIMESTAMP
);
CREATE INDEX probe_targets_unit ON probe_targets(unit_id);
CREATE TABLE probe_rounds (
    slot        INTEGER PRIMARY KEY,
    claimed_at  TIMESTAMP NOT NULL
);
CREATE TABLE probe_results (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES probe_targets(id),
    at          TIMESTAMP NOT NULL,
    ok          INTEGER NOT NULL,
    status      INTEGER NOT NULL DEFAULT 0,
    millis      INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX probe_results_target ON probe_results(target_id, at);
