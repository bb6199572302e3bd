-- The in-app notification centre. A notification goes to one person (person_id) or to
-- whoever holds a role at an organisation (org_id, role); recipient is the key of either,
-- "p:<id>" or "o:<org id>:<role>", so that the unique key sends each notice once per
-- (subject, kind, recipient) however many instances try (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    person_id  INTEGER REFERENCES people(id),
    org_id     INTEGER REFERENCES orgs(id),
    role       TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (subject, kind, recipient)
);
CREATE INDEX notifications_person ON notifications(person_id, id);
CREATE INDEX notifications_org ON notifications(org_id, role, id);

-- Read marks are per person: a notification to a role is read by each holder separately.
CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES people(id),
    read_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (notification_id, person_id)
);
CREATE INDEX notification_reads_person ON notification_reads(person_id, notification_id);
