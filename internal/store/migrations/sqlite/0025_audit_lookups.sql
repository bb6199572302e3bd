-- The history of one object (a record's 办理记录, a catalog's 变更记录) and the entries of one
-- person (the audit filter by person, the to-do list's returned drafts) are read by index.
CREATE INDEX audit_object ON audit_log(object_type, object_id, id);
CREATE INDEX audit_actor ON audit_log(actor_id, id);
