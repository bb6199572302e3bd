-- Disclosure duties as the law counts them (issue 14).
--
-- 1. record_timeliness: for every published record, the day it was due and whether it was
--    published on time, kept as it was counted on the day of publication (a later change of
--    the calendar recomputes the deadlines of unpublished records, never this).
CREATE TABLE record_timeliness (
    record_id    INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    due_day      TEXT NOT NULL,
    published_on TEXT NOT NULL,
    on_time      INTEGER NOT NULL,
    basis        TEXT NOT NULL,
    provisional  INTEGER NOT NULL DEFAULT 0,
    recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX record_timeliness_late ON record_timeliness(on_time, due_day);

-- 2. 有效性 of the public (or only) revision as columns, so that lists filter what is in force
--    (现行有效) on a given day: validity as stated, 施行日期 (effective_on), and ends_on, the
--    first day the document is no longer in force (its 失效日期, or the day its repeal takes
--    effect); repealed_by is the record that repealed it, repealed_from the day its repeal
--    takes effect.
ALTER TABLE records ADD COLUMN validity TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN effective_on TEXT;
ALTER TABLE records ADD COLUMN ends_on TEXT;
ALTER TABLE records ADD COLUMN repealed_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN repealed_from TEXT;

UPDATE records SET validity = COALESCE((SELECT json_extract(v.data, '$.Validity') FROM record_revisions v
    WHERE v.record_id = records.id AND v.revision = CASE WHEN records.public_revision <> 0 THEN records.public_revision ELSE 1 END), '');
UPDATE records SET ends_on = (SELECT NULLIF(json_extract(v.data, '$.RepealedOn'), '') FROM record_revisions v
    WHERE v.record_id = records.id AND v.revision = CASE WHEN records.public_revision <> 0 THEN records.public_revision ELSE 1 END)
WHERE validity IN ('repealed', 'expired');
CREATE INDEX records_validity ON records(validity, ends_on);
