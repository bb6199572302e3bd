-- Applications for government information (依申请公开). The applicant's fields are personal
-- data: staff read them through audited views only. The status token is kept as its SHA-256.
-- Dates are YYYY-MM-DD text, as the calendar's.
CREATE TABLE requests (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES orgs(id),
    tracking_no    TEXT NOT NULL UNIQUE,
    token_hash     TEXT NOT NULL UNIQUE,
    applicant_kind TEXT NOT NULL,
    name           TEXT NOT NULL,
    agent          TEXT NOT NULL DEFAULT '',
    id_kind        TEXT NOT NULL,
    id_no          TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL,
    purpose        TEXT NOT NULL DEFAULT '',
    form           TEXT NOT NULL,
    delivery       TEXT NOT NULL,
    channel        TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    reply_state    TEXT NOT NULL DEFAULT '',
    reply_type     TEXT NOT NULL DEFAULT '',
    reply_reason   INTEGER NOT NULL DEFAULT 0,
    reply_basis    TEXT NOT NULL DEFAULT '',
    reply_body     TEXT NOT NULL DEFAULT '',
    reply_by       TEXT NOT NULL DEFAULT '',
    reviewed_by    TEXT NOT NULL DEFAULT '',
    approved_by    TEXT NOT NULL DEFAULT '',
    answered_on    TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requests_unit ON requests(unit_id, received_on);

-- The steps on the statutory clock, in order (seq from 1 per request).
CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    on_day     TEXT NOT NULL,
    until_day  TEXT NOT NULL DEFAULT '',
    days       INTEGER NOT NULL DEFAULT 0,
    party      TEXT NOT NULL DEFAULT '',
    fee        INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (request_id, seq)
);

-- Reconsideration and litigation against the handling of a request.
CREATE TABLE request_appeals (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    kind       TEXT NOT NULL,
    filed_on   TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    decided_on TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX request_appeals_request ON request_appeals(request_id);
