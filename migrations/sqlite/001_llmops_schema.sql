-- Orchestrator LLMOps schema for the embedded SQLite log, version 001.
-- The same logical schema as the PostgreSQL one (migrations/001_llmops_schema.sql) without partitions, the
-- materialized view or stored functions: times are ISO-8601 UTC text, costs are REAL, booleans are 0/1.

CREATE TABLE IF NOT EXISTS llm_invocations (
    request_id        TEXT    NOT NULL PRIMARY KEY,
    trace_id          TEXT,
    user_id           TEXT,
    workflow_id       TEXT,
    workflow_version  TEXT,
    agent_id          TEXT,
    provider          TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    tier              INTEGER NOT NULL,
    is_local          INTEGER NOT NULL DEFAULT 0,
    routing_attempts  INTEGER NOT NULL DEFAULT 1,
    input_tokens      INTEGER NOT NULL DEFAULT 0,
    output_tokens     INTEGER NOT NULL DEFAULT 0,
    cached_tokens     INTEGER NOT NULL DEFAULT 0,
    tokens_estimated  INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL    NOT NULL DEFAULT 0,
    latency_ms        REAL    NOT NULL,
    ttft_ms           REAL,
    streamed          INTEGER NOT NULL DEFAULT 0,
    privacy_mode      INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL CHECK (status IN ('succeeded', 'failed', 'cancelled')),
    error_class       TEXT,
    error_message     TEXT,
    started_at        TEXT    NOT NULL,
    logged_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX IF NOT EXISTS ix_llm_invocations_started_at ON llm_invocations (started_at);
CREATE INDEX IF NOT EXISTS ix_llm_invocations_tier_time ON llm_invocations (tier, started_at);
CREATE INDEX IF NOT EXISTS ix_llm_invocations_provider_model_time ON llm_invocations (provider, model, started_at);
CREATE INDEX IF NOT EXISTS ix_llm_invocations_user_time ON llm_invocations (user_id, started_at);

CREATE TABLE IF NOT EXISTS workflow_versions (
    workflow_id    TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    description    TEXT,
    definition     TEXT    NOT NULL DEFAULT '{}',
    traffic_share  REAL    NOT NULL DEFAULT 1,
    is_active      INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (workflow_id, version)
);

CREATE TABLE IF NOT EXISTS agent_messages (
    message_id        TEXT    NOT NULL PRIMARY KEY,
    conversation_id   TEXT    NOT NULL,
    trace_id          TEXT,
    workflow_id       TEXT,
    workflow_version  TEXT,
    sender            TEXT    NOT NULL,
    recipient         TEXT,
    message_type      TEXT    NOT NULL DEFAULT 'text',
    content           TEXT    NOT NULL DEFAULT '',
    tokens            INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_agent_messages_conversation ON agent_messages (conversation_id, created_at);

CREATE TABLE IF NOT EXISTS budget_pools (
    user_id       TEXT NOT NULL,
    period        TEXT NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    limit_usd     REAL NOT NULL,
    spent_usd     REAL NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (user_id, period, period_start)
);

CREATE TABLE IF NOT EXISTS tool_registry (
    name         TEXT    NOT NULL PRIMARY KEY,
    description  TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    parameters   TEXT    NOT NULL DEFAULT '{}',
    is_enabled   INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

INSERT OR IGNORE INTO tool_registry (name, description, category, parameters) VALUES
    ('hybrid_search', 'Hybrid semantic + BM25 search over the indexed documents, with metadata filters.', 'retrieval', '{"query": "string", "top_k": "integer", "filter": "object"}'),
    ('filesystem', 'Sandboxed file reads and writes through the filesystem MCP server.', 'mcp', '{"operation": "string", "path": "string"}'),
    ('git', 'Read-only git history: log, diff, show, blame, search (git MCP server).', 'mcp', '{"operation": "string", "repository": "string"}'),
    ('memory', 'Encrypted conversation, fact, preference and context memory (memory MCP server).', 'mcp', '{"operation": "string", "type": "string", "key": "string"}');
