-- Alerts, their groups, silences and maintenance windows made through the API (postgres).
-- Keep in step with ../sqlite/V4__alerts.sql. dev.vitals.alerting owns alerts and groups,
-- dev.vitals.silences owns silences, dev.vitals.maintenance owns maintenances.

-- One firing episode of one alert: from the moment it fires until it is resolved.
CREATE TABLE alerts (
    aid         TEXT    PRIMARY KEY,
    -- The dedup key: source and labels (or a PagerDuty dedup key); the same for every episode.
    alert_key   TEXT    NOT NULL,
    -- 'monitor' for monitor flips, else the integration's name.
    source      TEXT    NOT NULL,
    monitor_id  TEXT,
    labels      TEXT    NOT NULL,
    annotations TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
    starts_at   BIGINT  NOT NULL,
    -- Resolved: when. Firing: when it resolves by itself unless sent again (alerts API), else NULL.
    ends_at     BIGINT,
    updated_at  BIGINT  NOT NULL,
    -- Why it is not notified now ("caused by switch", "silenced by ...", "in maintenance ..."); NULL: it is.
    muted_by    TEXT,
    link        TEXT,
    -- Where the routing stage sent it: JSON list of {receiver, route, group}.
    routes      TEXT    NOT NULL
);
-- Dedup: at most one firing episode per key.
CREATE UNIQUE INDEX alerts_one_firing ON alerts (alert_key) WHERE status = 'firing';
CREATE INDEX alerts_by_status ON alerts (status, updated_at);
CREATE INDEX alerts_by_monitor ON alerts (monitor_id, status);

-- A group of alerts bound for one receiver by one route: what one notification is about.
CREATE TABLE alert_groups (
    gid                TEXT    PRIMARY KEY,
    receiver           TEXT    NOT NULL,
    route              TEXT    NOT NULL,
    group_labels       TEXT    NOT NULL,
    group_wait_ms      BIGINT  NOT NULL,
    group_interval_ms  BIGINT  NOT NULL,
    repeat_interval_ms BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL,
    -- When to look at the group next; NULL when there is nothing to do. Claimed by a conditional UPDATE.
    due_at             BIGINT,
    last_sent_at       BIGINT,
    -- The aids told as firing in the last notification (JSON list, sorted): a change is news.
    sent_firing        TEXT    NOT NULL DEFAULT '[]',
    -- How many notifications the group has sent: part of their idempotency keys.
    seq                INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_groups_due ON alert_groups (due_at);

CREATE TABLE alert_group_members (
    gid         TEXT    NOT NULL REFERENCES alert_groups (gid) ON DELETE CASCADE,
    aid         TEXT    NOT NULL REFERENCES alerts (aid) ON DELETE CASCADE,
    -- The receiver was told it fires, so it must be told when it resolves (even if muted meanwhile).
    told_firing INTEGER NOT NULL DEFAULT 0,
    -- Done: the receiver has heard all it will hear of this alert.
    done        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (gid, aid)
);
CREATE INDEX alert_group_members_by_alert ON alert_group_members (aid);

-- Which notification told of which alert, and what it told.
CREATE TABLE alert_sends (
    aid   TEXT NOT NULL,
    nid   TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('firing', 'resolved')),
    PRIMARY KEY (aid, nid)
);

CREATE TABLE silences (
    sid        TEXT    PRIMARY KEY,
    -- JSON list of {name, op, value}; op is one of = != =~ !~.
    matchers   TEXT    NOT NULL,
    starts_at  BIGINT  NOT NULL,
    ends_at    BIGINT  NOT NULL,
    created_by TEXT    NOT NULL,
    comment    TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX silences_by_end ON silences (ends_at);

-- Maintenance windows made through the API; those in the configuration file are read from it.
CREATE TABLE maintenances (
    mid        TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    -- The window as JSON, with the same keys as in the file.
    definition TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    -- Ended early through the API: no occurrence after this.
    ended_at   BIGINT
);
