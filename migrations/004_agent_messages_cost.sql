-- Orchestrator LLMOps schema, version 004: what each agent message cost.
-- The agent runtime logs one row per message with the cost of the model call(s) that produced it (the metered cost,
-- or for a stream cut short by a termination condition, what it streamed), so a run's cost can be summed per agent
-- from agent_messages alone. Existing rows predate the column and read 0.
ALTER TABLE agent_messages ADD COLUMN IF NOT EXISTS cost_usd numeric(18, 8) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0);
