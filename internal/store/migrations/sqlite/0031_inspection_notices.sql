-- The notice (通报) on a closed inspection round, published as a record of the office that
-- ran the round (kind inspection_notice): one per round (the primary key). units are the
-- organisation ids named for rectification, comma-separated; campaign_id is the campaign of
-- their rectification reports, set in the transaction of the notice's first publication
-- (NULL until then, and set once). Discarding the draft record removes the link, so that
-- the office can start again.
CREATE TABLE inspection_notices (
    round_id    INTEGER PRIMARY KEY REFERENCES inspection_rounds(id),
    record_id   INTEGER NOT NULL UNIQUE REFERENCES records(id) ON DELETE CASCADE,
    days        INTEGER NOT NULL,
    units       TEXT NOT NULL,
    campaign_id INTEGER REFERENCES campaigns(id),
    created_at  TIMESTAMP NOT NULL
);
