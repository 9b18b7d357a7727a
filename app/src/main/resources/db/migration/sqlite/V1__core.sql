-- Core tables of Vitals (SQLite). Times are epoch milliseconds (UTC); durations are microseconds.
-- Keep in step with ../postgres/V1__core.sql: the same tables and columns, only types differ.

CREATE TABLE monitors (
    mid        INTEGER PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    origin     TEXT    NOT NULL,
    definition TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER
);

CREATE TABLE results (
    mid           INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    outcome       INTEGER NOT NULL,
    latency_us    INTEGER NOT NULL,
    dns_us        INTEGER,
    connect_us    INTEGER,
    tls_us        INTEGER,
    first_byte_us INTEGER,
    transfer_us   INTEGER,
    lateness_us   INTEGER NOT NULL,
    reason        TEXT,
    cert_expiry   INTEGER
);
CREATE INDEX results_by_monitor ON results (mid, at);
CREATE INDEX results_by_time ON results (at);

CREATE TABLE flips (
    fid        INTEGER PRIMARY KEY,
    mid        INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    reason     TEXT,
    causes     TEXT    NOT NULL
);
CREATE INDEX flips_by_monitor ON flips (mid, at);
CREATE INDEX flips_by_time ON flips (at);

CREATE TABLE monitor_state (
    mid        INTEGER PRIMARY KEY,
    state      TEXT    NOT NULL,
    since      INTEGER NOT NULL,
    reason     TEXT,
    updated_at INTEGER NOT NULL
);

CREATE TABLE rollups (
    mid            INTEGER NOT NULL,
    level          INTEGER NOT NULL,
    bucket         INTEGER NOT NULL,
    up             INTEGER NOT NULL,
    slow           INTEGER NOT NULL,
    degraded       INTEGER NOT NULL,
    down           INTEGER NOT NULL,
    unknown        INTEGER NOT NULL,
    latency_sum_us INTEGER NOT NULL,
    latency_max_us INTEGER NOT NULL,
    sketch         BLOB    NOT NULL,
    PRIMARY KEY (mid, level, bucket)
);
CREATE INDEX rollups_by_time ON rollups (level, bucket);

CREATE TABLE rollup_progress (
    level      INTEGER PRIMARY KEY,
    done_until INTEGER NOT NULL
);

CREATE TABLE rollup_dirty (
    level  INTEGER NOT NULL,
    mid    INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    PRIMARY KEY (level, mid, bucket)
);

CREATE TABLE nodes (
    node_id    TEXT    PRIMARY KEY,
    started_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    stopped_at INTEGER,
    version    TEXT    NOT NULL
);

CREATE TABLE gaps (
    gid     INTEGER PRIMARY KEY,
    from_at INTEGER NOT NULL,
    to_at   INTEGER NOT NULL,
    cause   TEXT    NOT NULL
);
