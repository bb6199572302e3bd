-- The issuing body of a record (公开主体): the unit itself or one of its departments or
-- townships. Roles held at the issuing body act on the record (record.Actor.Issuer); the
-- catalog entry names its responsible body in catalog_entries.responsible_org_id (0004), which
-- a new record takes by default. Every record made before this migration was issued by its
-- unit: the unit's staff did the work, so that is what it records.
ALTER TABLE records ADD COLUMN issuer_org_id BIGINT REFERENCES orgs(id);
UPDATE records SET issuer_org_id = unit_id;
CREATE INDEX records_issuer ON records(issuer_org_id, state);
