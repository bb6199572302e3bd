-- What staff write into the annual report (政府信息公开工作年度报告) of a unit or department:
-- sections 一, 五, 六 and the figures of table 二 entered by hand. The tables are computed.
CREATE TABLE annual_reports (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    year       INTEGER NOT NULL,
    overview   TEXT NOT NULL DEFAULT '',
    problems   TEXT NOT NULL DEFAULT '',
    other      TEXT NOT NULL DEFAULT '',
    licensing  INTEGER NOT NULL DEFAULT 0,
    penalty    INTEGER NOT NULL DEFAULT 0,
    coercion   INTEGER NOT NULL DEFAULT 0,
    fees_wan   TEXT NOT NULL DEFAULT '0',
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (org_id, year)
);
