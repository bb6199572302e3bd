-- Evidence files of inspection marks and objections (检查评估的佐证材料). The files themselves
-- are rows of attached_files (checked like every attachment: type, size, extraction, the
-- personal-information guard; the blob in the content-addressed store): an objection's under
-- subject_type 'inspection_objection' and the objection's id; a mark's under subject_type
-- 'inspection_mark' and the id of its row here, since a mark has no id of its own (one per
-- round, unit, indicator and scorer; a scorer's later mark replaces the points and comment
-- and keeps the files already given).
CREATE TABLE inspection_mark_files (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES inspection_rounds(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES orgs(id),
    indicator TEXT NOT NULL,
    scorer_id INTEGER NOT NULL REFERENCES people(id),
    UNIQUE (round_id, unit_id, indicator, scorer_id)
);
