-- Orchestrator LLMOps schema (PostgreSQL), version 008: what kind of call an llm_invocations row records. Rows
-- before this version were all chat completions; the gateway's POST /v1/embeddings logs 'embeddings'.
ALTER TABLE llm_invocations ADD COLUMN IF NOT EXISTS operation text NOT NULL DEFAULT 'chat'
    CONSTRAINT llm_invocations_operation_check CHECK (operation IN ('chat', 'embeddings'));
