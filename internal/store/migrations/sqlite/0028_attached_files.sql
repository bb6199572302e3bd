-- Files attached to things other than records: a campaign submission's attachments
-- (subject_type 'submission') and a request reply's ('request'). Each file went through the
-- same checks as a record attachment (type, size, extraction, the personal-information guard);
-- the blob is in the content-addressed attachment store under its hash. unread says what the
-- guard could not read; confirmed_by is who confirmed that it holds no personal information.
CREATE TABLE attached_files (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    findings     INTEGER NOT NULL DEFAULT 0,
    unread       TEXT NOT NULL DEFAULT '',
    confirmed_by INTEGER NOT NULL DEFAULT 0,
    confirmed_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (subject_type, subject_id, position)
);

-- The filed catalog versions a catalog submission reports.
CREATE TABLE submission_catalogs (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    version_id    INTEGER NOT NULL REFERENCES catalog_versions(id),
    PRIMARY KEY (submission_id, version_id)
);
