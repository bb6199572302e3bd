-- Working-day calendar: years an administrator imported (overriding the embedded official
-- notices for the same year), local closures, and every stored deadline, so that a change of
-- the calendar can recompute them all in one transaction.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    data        TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE calendar_closures (
    day        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE deadlines (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    from_day     TEXT NOT NULL,
    n            INTEGER NOT NULL,
    unit         INTEGER NOT NULL,
    due_day      TEXT NOT NULL,
    provisional  INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (subject_type, subject_id)
);
CREATE INDEX deadlines_due ON deadlines(due_day);
