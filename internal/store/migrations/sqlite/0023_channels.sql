-- Channels (issue 13): webhook endpoints registered per unit and online channel, and the
-- outbox of deliveries. A delivery row is written in the same transaction as the publication,
-- amendment or withdrawal that owes it; the worker claims pending webhook rows by setting a
-- lease (lease_until) and counting the attempt, so a worker killed mid-delivery leaves a row
-- that another claims once the lease ends. idem_key is the idempotency key sent with every
-- attempt. The endpoint's secret is kept as it is: it must be recoverable to sign bodies.
CREATE TABLE webhook_endpoints (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES orgs(id),
    channel    TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_by INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_endpoints_unit ON webhook_endpoints(unit_id, channel);

CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    record_id    INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    unit_id      INTEGER NOT NULL REFERENCES orgs(id),
    revision     INTEGER NOT NULL,
    event        TEXT NOT NULL,
    channel      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    endpoint_id  INTEGER REFERENCES webhook_endpoints(id),
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      TIMESTAMP NOT NULL,
    lease_until  TIMESTAMP,
    last_error   TEXT NOT NULL DEFAULT '',
    idem_key     TEXT NOT NULL UNIQUE,
    payload      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    done_at      TIMESTAMP,
    posted_on    TIMESTAMP,
    place        TEXT NOT NULL DEFAULT '',
    confirmed_by INTEGER NOT NULL DEFAULT 0,
    evidence     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries(kind, state, next_at);
CREATE INDEX deliveries_record ON deliveries(record_id, id);
CREATE INDEX deliveries_endpoint ON deliveries(endpoint_id, state, id);

-- 重大事项: a major item must reach every channel (全媒体).
ALTER TABLE records ADD COLUMN major INTEGER NOT NULL DEFAULT 0;
