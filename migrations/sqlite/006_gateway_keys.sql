-- Orchestrator gateway virtual API keys for the embedded SQLite store, version 006.
-- The same logical table as migrations/006_gateway_keys.sql: times are ISO-8601 UTC text, booleans 0/1, money REAL.

CREATE TABLE IF NOT EXISTS gateway_keys (
    id                     TEXT    NOT NULL PRIMARY KEY,
    name                   TEXT    NOT NULL,
    secret_sha256          TEXT    NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
    secret_prefix          TEXT    NOT NULL,
    user_id                TEXT    NOT NULL,
    team_id                TEXT,
    allowed_models         TEXT,
    min_tier               INTEGER NOT NULL DEFAULT 0 CHECK (min_tier BETWEEN 0 AND 3),
    max_tier               INTEGER NOT NULL DEFAULT 3 CHECK (max_tier BETWEEN 0 AND 3),
    private                INTEGER NOT NULL DEFAULT 0,
    rate_limit_per_minute  INTEGER CHECK (rate_limit_per_minute > 0),
    budget_period          TEXT    CHECK (budget_period IN ('daily', 'weekly', 'monthly')),
    budget_limit           REAL    CHECK (budget_limit > 0),
    created_at             TEXT    NOT NULL,
    revoked_at             TEXT,
    CHECK (min_tier <= max_tier)
);
