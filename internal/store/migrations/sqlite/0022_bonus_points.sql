-- Bonus points in the annual performance evaluation (绩效评估加分), awarded by the province
-- office with a reason and a basis (a round of the platform, or a notice named in words).
CREATE TABLE bonus_awards (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES orgs(id),
    year          INTEGER NOT NULL,
    points_tenths INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    basis         TEXT NOT NULL,
    round_id      INTEGER NOT NULL DEFAULT 0,
    awarded_by    INTEGER REFERENCES people(id),
    sample        INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX bonus_awards_year ON bonus_awards(year, unit_id);
