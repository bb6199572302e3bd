-- Accounts hardening (issue 16).
-- One-time links with which a person sets their own password (new accounts, resets).
ALTER TABLE people ADD COLUMN setup_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN setup_expires_at TIMESTAMP;
CREATE INDEX people_setup ON people(setup_hash) WHERE setup_hash <> '';
-- When the last failed sign-in was counted: the count is forgotten a day after it.
ALTER TABLE people ADD COLUMN failed_at TIMESTAMP;

-- Sign-in counters of login names that belong to nobody, kept exactly like a person's, so
-- that a lock does not tell which accounts exist.
CREATE TABLE login_unknown (
    login           TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    failed_at       TIMESTAMP
);

-- Failed sign-ins per client address in the current window.
CREATE TABLE login_clients (
    client       TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0
);

-- API tokens expire; those issued before now do so 90 days after this upgrade.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '+90 days') WHERE expires_at IS NULL;
CREATE INDEX api_tokens_person ON api_tokens(person_id);

-- A unit's exception letting one person review and approve now needs a supervisor's
-- approval: exceptions enabled before are requests again.
UPDATE settings SET value = 'requested:0' WHERE key LIKE 'unit.%.same_reviewer_approver' AND value = 'true';
UPDATE settings SET value = '' WHERE key LIKE 'unit.%.same_reviewer_approver' AND value = 'false';
