-- Accounts, access and audit (SQLite). Keep in step with ../postgres/V2__accounts.sql.

CREATE TABLE users (
    uid           INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL,
    password_hash TEXT,
    -- A one-time password printed by `vitals user add` must be changed at first sign-in.
    must_change   INTEGER NOT NULL DEFAULT 0,
    totp_secret   TEXT,
    -- The last time step whose code was accepted: a code works once.
    totp_last_step INTEGER,
    -- For users who sign in with OpenID Connect: the issuer's subject.
    oidc_subject  TEXT    UNIQUE,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER  NOT NULL,
    updated_at    INTEGER  NOT NULL,
    last_login_at INTEGER
);

CREATE TABLE teams (
    tid        INTEGER PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE team_members (
    tid INTEGER NOT NULL REFERENCES teams (tid) ON DELETE CASCADE,
    uid INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    PRIMARY KEY (tid, uid)
);

-- Only a SHA-256 of each token is kept; the token itself is shown once.
CREATE TABLE api_tokens (
    kid          INTEGER PRIMARY KEY,
    uid          INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL,
    hash         TEXT   NOT NULL UNIQUE,
    scope        TEXT   NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at   INTEGER,
    revoked_at   INTEGER
);

-- Sessions are rows so that every node knows them and a restart signs nobody out.
CREATE TABLE sessions (
    hash         TEXT   PRIMARY KEY,
    uid          INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    csrf         TEXT   NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    address      TEXT
);
CREATE INDEX sessions_by_user ON sessions (uid);

CREATE TABLE audit (
    aid     INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT   NOT NULL,
    action  TEXT   NOT NULL,
    target  TEXT,
    detail  TEXT,
    address TEXT
);
CREATE INDEX audit_by_time ON audit (at);

-- Monitors created or last changed by someone who is not an admin are checked behind the deny list.
ALTER TABLE monitors ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
