-- Orchestrator LLMOps schema (SQLite), version 007: budget_pools mirrors every pool of the budget ledger (see the
-- PostgreSQL script of the same number). SQLite cannot change a primary key in place, so the table is rebuilt.
CREATE TABLE budget_pools_v7 (
    scope         TEXT NOT NULL DEFAULT 'user' CHECK (scope IN ('user', 'team', 'tier', 'global')),
    user_id       TEXT NOT NULL,
    period        TEXT NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    limit_usd     REAL,
    spent_usd     REAL NOT NULL DEFAULT 0,
    reserved_usd  REAL NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (scope, user_id, period, period_start)
);

INSERT INTO budget_pools_v7 (scope, user_id, period, period_start, period_end, limit_usd, spent_usd, updated_at)
    SELECT 'user', user_id, period, period_start, period_end, limit_usd, spent_usd, updated_at FROM budget_pools;
DROP TABLE budget_pools;
ALTER TABLE budget_pools_v7 RENAME TO budget_pools;
