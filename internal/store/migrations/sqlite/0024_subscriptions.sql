-- Email subscriptions (issue 13). A subscription is mailed only once confirmed through the
-- link of its confirmation email (double opt-in); only hashes of link tokens are kept.
-- Every email carries its own one-click unsubscribe token (unsubscribe_tokens), so no token
-- is ever stored in a form that could be mailed again. mail_outbox is the queue of emails owed,
-- written in the transaction of the publication (immediate) or of the digest's claim (daily);
-- the worker claims rows with a lease like the webhook deliveries.
CREATE TABLE subscriptions (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    domain         TEXT NOT NULL DEFAULT '',
    query          TEXT NOT NULL DEFAULT '',
    frequency      TEXT NOT NULL,
    state          TEXT NOT NULL,
    confirm_hash   TEXT UNIQUE,
    created_at     TIMESTAMP NOT NULL,
    confirmed_at   TIMESTAMP,
    last_digest_at TIMESTAMP
);
CREATE INDEX subscriptions_state ON subscriptions(state, frequency);

CREATE TABLE unsubscribe_tokens (
    token_hash      TEXT PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    record_ids      TEXT NOT NULL DEFAULT '',
    idem_key        TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_at);
