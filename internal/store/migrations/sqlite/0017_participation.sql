-- Public participation: comments on consultations (征求意见) with their moderation, the
-- published feedback (意见采纳情况), and public questions (留言/咨询) with their steps. Names
-- and contacts of citizens are kept for the unit only; the client is a salted hash.
CREATE TABLE consultation_comments (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES orgs(id),
    text          TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL,
    client        TEXT NOT NULL,
    state         TEXT NOT NULL,
    reject_reason TEXT NOT NULL DEFAULT '',
    issue         TEXT NOT NULL DEFAULT '',
    pii_findings  INTEGER NOT NULL DEFAULT 0,
    received_at   TIMESTAMP NOT NULL,
    moderated_at  TIMESTAMP,
    moderated_by  INTEGER
);
CREATE INDEX consultation_comments_record ON consultation_comments(record_id, state);
CREATE INDEX consultation_comments_client ON consultation_comments(client, received_at);

CREATE TABLE consultation_feedback (
    record_id    INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    summary      TEXT NOT NULL DEFAULT '',
    items        TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   INTEGER NOT NULL,
    published_at TIMESTAMP,
    published_by INTEGER
);

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES orgs(id),
    body_org_id    INTEGER NOT NULL DEFAULT 0,
    domain_code    TEXT NOT NULL DEFAULT '',
    entry_key      TEXT NOT NULL DEFAULT '',
    tracking_no    TEXT NOT NULL UNIQUE,
    token_hash     TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    contact        TEXT NOT NULL,
    allow_public   INTEGER NOT NULL DEFAULT 0,
    private_reason TEXT NOT NULL DEFAULT '',
    client         TEXT NOT NULL,
    state          TEXT NOT NULL,
    received_at    TIMESTAMP NOT NULL,
    due_day        TEXT NOT NULL,
    extended       INTEGER NOT NULL DEFAULT 0,
    extend_reason  TEXT NOT NULL DEFAULT '',
    assigned_to    INTEGER NOT NULL DEFAULT 0,
    answer_html    TEXT NOT NULL DEFAULT '',
    drafted_by     INTEGER NOT NULL DEFAULT 0,
    drafted_at     TIMESTAMP,
    return_opinion TEXT NOT NULL DEFAULT '',
    approved_by    INTEGER NOT NULL DEFAULT 0,
    answered_at    TIMESTAMP,
    rating         INTEGER NOT NULL DEFAULT 0,
    rated_at       TIMESTAMP
);
CREATE INDEX questions_unit ON questions(unit_id, state, due_day);
CREATE INDEX questions_body ON questions(body_org_id, state);
CREATE INDEX questions_client ON questions(client, received_at);

CREATE TABLE question_events (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX question_events_question ON question_events(question_id, id);
