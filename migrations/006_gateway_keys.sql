-- Orchestrator gateway virtual API keys, version 006 (PostgreSQL 15+).
-- A key's secret is shown once at creation; only its SHA-256 (hex) is stored. Revocation sets revoked_at (rows are
-- kept for audit). allowed_models is a JSON array of provider/model or model ids; NULL allows every model.

CREATE TABLE IF NOT EXISTS gateway_keys (
    id                     text           PRIMARY KEY,
    name                   text           NOT NULL,
    secret_sha256          text           NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
    secret_prefix          text           NOT NULL,
    user_id                text           NOT NULL,
    team_id                text,
    allowed_models         text,
    min_tier               smallint       NOT NULL DEFAULT 0 CHECK (min_tier BETWEEN 0 AND 3),
    max_tier               smallint       NOT NULL DEFAULT 3 CHECK (max_tier BETWEEN 0 AND 3),
    private                boolean        NOT NULL DEFAULT false,
    rate_limit_per_minute  integer        CHECK (rate_limit_per_minute > 0),
    budget_period          text           CHECK (budget_period IN ('daily', 'weekly', 'monthly')),
    budget_limit           numeric(18, 8) CHECK (budget_limit > 0),
    created_at             timestamptz    NOT NULL DEFAULT now(),
    revoked_at             timestamptz,
    CHECK (min_tier <= max_tier)
);
