-- records.openness: the 公开属性 of the public (or only) revision, like kind and policy_id.
-- Only the attachments of a published 主动公开 record are public (store.PublicAttachment,
-- store.ExportAttachments); it is filled from the revision's content.
--
-- (The SQLite migration of the same number also rebuilds the table with AUTOINCREMENT so that
-- record IDs are never used twice; an identity column on PostgreSQL draws from a sequence,
-- which never gives a number twice.)
ALTER TABLE records ADD COLUMN openness TEXT NOT NULL DEFAULT '';

UPDATE records r SET openness = COALESCE((SELECT v.data::jsonb ->> 'Openness' FROM record_revisions v
    WHERE v.record_id = r.id AND v.revision = CASE WHEN r.public_revision <> 0 THEN r.public_revision ELSE 1 END), '');
