-- Orchestrator LLMOps schema (SQLite), version 008: what kind of call an llm_invocations row records (see the
-- PostgreSQL script of the same number).
ALTER TABLE llm_invocations ADD COLUMN operation TEXT NOT NULL DEFAULT 'chat' CHECK (operation IN ('chat', 'embeddings'));
