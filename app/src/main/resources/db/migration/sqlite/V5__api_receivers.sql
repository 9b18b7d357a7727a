-- Receivers and routes made through the API (dev.vitals.alerting.ReceiverStore). The file's stay in
-- the file; these are merged with them in memory (dev.vitals.alerting.AlertingConfig).

-- One receiver; definition is its JSON with the keys of the file (secrets included, as sent).
CREATE TABLE api_receivers (
    name        TEXT    PRIMARY KEY,
    definition  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- The API's routes: one row. definition is NULL when the API has none. Every change to receivers or
-- routes first bumps version here, so that changes are made one at a time on every node.
CREATE TABLE api_routes (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    definition  TEXT,
    version     BIGINT  NOT NULL,
    updated_by  TEXT,
    updated_at  BIGINT
);
INSERT INTO api_routes (id, definition, version) VALUES (1, NULL, 0);
