-- Push monitors (dev.vitals.push): the keys jobs ping with, and every ping taken.

-- A ping key made by Vitals for a push monitor whose configuration gives none; kept so that the
-- monitor's ping URL stays the same across restarts, reloads and nodes.
CREATE TABLE push_keys (
    monitor_id  TEXT    PRIMARY KEY,
    ping_key    TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

-- One ping, written before it is answered 200. kind: success, start, fail, log. exit_status: the
-- number in /ping/{key}/{n}, else NULL. body: up to 100 KB of the request body (the run's log);
-- truncated: 1 when more was sent.
CREATE TABLE push_pings (
    pid         INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor_id  TEXT    NOT NULL,
    at          BIGINT  NOT NULL,
    kind        TEXT    NOT NULL,
    exit_status INTEGER,
    rid         TEXT,
    body        TEXT    NOT NULL,
    truncated   INTEGER NOT NULL,
    source      TEXT    NOT NULL
);
CREATE INDEX push_pings_by_monitor ON push_pings (monitor_id, pid);
