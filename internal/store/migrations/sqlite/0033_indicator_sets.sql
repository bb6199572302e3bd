-- Indicator set versions defined by the province office in the app (检查评估指标体系). A
-- saved version is never changed: a change is a new version. body is the set as published
-- (JSON, the shape of the shipped data files); a version number is never used twice for a
-- code, by a stored version or a shipped one (the app numbers a new version after both).
-- based_on names the version it was made from ("default@2").
CREATE TABLE indicator_sets (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    based_on   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (code, version)
);
