-- Orchestrator LLMOps schema, version 007: budget_pools mirrors every pool of the budget ledger, not only users'.
-- The budgets area writes a row per pool and period (user, team, tier, global) from the ledger's pool status; a
-- pool without a limit only records spend, so limit_usd may be NULL. user_id keeps its name for compatibility and
-- holds the pool's name within its scope (a user id, a team, a tier number, or 'all' for the global pool).
ALTER TABLE budget_pools ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT 'user'
    CHECK (scope IN ('user', 'team', 'tier', 'global'));
ALTER TABLE budget_pools ADD COLUMN IF NOT EXISTS reserved_usd numeric(18, 8) NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0);
ALTER TABLE budget_pools ALTER COLUMN limit_usd DROP NOT NULL;
ALTER TABLE budget_pools DROP CONSTRAINT IF EXISTS budget_pools_pkey;
ALTER TABLE budget_pools ADD CONSTRAINT budget_pools_pkey PRIMARY KEY (scope, user_id, period, period_start);
