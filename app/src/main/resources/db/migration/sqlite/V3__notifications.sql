-- The notification outbox (SQLite). Keep in step with ../postgres/V3__notifications.sql.
-- A notification is written here before it is sent, claimed by one node with a conditional
-- UPDATE, and every attempt to send it is kept (dev.vitals.notify.Outbox owns these tables).

CREATE TABLE notifications (
    nid             TEXT    PRIMARY KEY,
    -- Whoever enqueues names the notification; the same key is never enqueued twice.
    idempotency_key TEXT    NOT NULL UNIQUE,
    receiver        TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    alert_key       TEXT    NOT NULL,
    event           TEXT    NOT NULL CHECK (event IN ('firing', 'resolved')),
    -- The JSON to send, exactly as it is sent.
    payload         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    -- While sending: the node that claimed it and until when; past that, another node may take it.
    claimed_by      TEXT,
    claimed_until   INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX notifications_due ON notifications (state, due_at);
CREATE INDEX notifications_by_receiver ON notifications (receiver, created_at);

CREATE TABLE notification_attempts (
    nid         TEXT    NOT NULL REFERENCES notifications (nid) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    outcome     TEXT    NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    http_status INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (nid, attempt)
);
