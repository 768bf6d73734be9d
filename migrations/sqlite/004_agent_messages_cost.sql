-- Orchestrator LLMOps schema (embedded SQLite), version 004: what each agent message cost (see migrations/004).
ALTER TABLE agent_messages ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
