-- Orchestrator LLMOps schema, version 001 (PostgreSQL 15+).
-- Applied by Evolve (versioned and checksummed; never edit an applied file: add 002_..., 003_...).
-- Every statement is idempotent (IF NOT EXISTS / OR REPLACE / ON CONFLICT) so a half-applied manual run can be repeated.

-- One row per model call. Partitioned by month on started_at: retention drops whole partitions instead of
-- deleting rows. The key includes started_at because a partitioned table's unique keys must contain the partition
-- key; a retried batch carries the same (request_id, started_at), so it still de-duplicates.
CREATE TABLE IF NOT EXISTS llm_invocations (
    request_id        text             NOT NULL,
    trace_id          text,
    user_id           text,
    workflow_id       text,
    workflow_version  text,
    agent_id          text,
    provider          text             NOT NULL,
    model             text             NOT NULL,
    tier              smallint         NOT NULL,
    is_local          boolean          NOT NULL DEFAULT false,
    routing_attempts  smallint         NOT NULL DEFAULT 1 CHECK (routing_attempts >= 1),
    input_tokens      bigint           NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
    output_tokens     bigint           NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
    cached_tokens     bigint           NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
    tokens_estimated  boolean          NOT NULL DEFAULT false,
    cost_usd          numeric(18, 8)   NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    latency_ms        double precision NOT NULL CHECK (latency_ms >= 0),
    ttft_ms           double precision CHECK (ttft_ms >= 0),
    streamed          boolean          NOT NULL DEFAULT false,
    privacy_mode      boolean          NOT NULL DEFAULT false,
    status            text             NOT NULL CHECK (status IN ('succeeded', 'failed', 'cancelled')),
    error_class       text,
    error_message     text,
    started_at        timestamptz      NOT NULL,
    logged_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, started_at)
) PARTITION BY RANGE (started_at);

-- Creates the month partition that holds p_at (UTC months), if missing; the writer calls it before each batch.
CREATE OR REPLACE FUNCTION ensure_llm_invocations_partition(p_at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_from timestamptz := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    v_to   timestamptz := (date_trunc('month', p_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    v_name text := 'llm_invocations_' || to_char(p_at AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(v_name) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE TABLE %I PARTITION OF llm_invocations FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
        EXCEPTION WHEN duplicate_table THEN
            NULL; -- another writer created it first
        END;
    END IF;
    RETURN v_name;
END;
$$;

-- Versions of a workflow (prompt, agents, routing) so invocations can be compared across versions (A/B).
CREATE TABLE IF NOT EXISTS workflow_versions (
    workflow_id    text        NOT NULL,
    version        text        NOT NULL,
    description    text,
    definition     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    traffic_share  numeric(5, 4) NOT NULL DEFAULT 1 CHECK (traffic_share BETWEEN 0 AND 1),
    is_active      boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, version)
);

-- Messages between agents (the multi-agent runtime logs them through the same background writer).
CREATE TABLE IF NOT EXISTS agent_messages (
    message_id        text        PRIMARY KEY,
    conversation_id   text        NOT NULL,
    trace_id          text,
    workflow_id       text,
    workflow_version  text,
    sender            text        NOT NULL,
    recipient         text,
    message_type      text        NOT NULL DEFAULT 'text',
    content           text        NOT NULL DEFAULT '',
    tokens            integer     NOT NULL DEFAULT 0 CHECK (tokens >= 0),
    created_at        timestamptz NOT NULL
);

-- Budget pools per user and period, mirrored from the live budget ledger for reporting.
CREATE TABLE IF NOT EXISTS budget_pools (
    user_id       text           NOT NULL,
    period        text           NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
    period_start  timestamptz    NOT NULL,
    period_end    timestamptz    NOT NULL,
    limit_usd     numeric(18, 8) NOT NULL CHECK (limit_usd >= 0),
    spent_usd     numeric(18, 8) NOT NULL DEFAULT 0 CHECK (spent_usd >= 0),
    updated_at    timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, period, period_start),
    CHECK (period_end > period_start)
);

-- Tools agents may call.
CREATE TABLE IF NOT EXISTS tool_registry (
    name         text        PRIMARY KEY,
    description  text        NOT NULL,
    category     text        NOT NULL,
    parameters   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    is_enabled   boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO tool_registry (name, description, category, parameters) VALUES
    ('hybrid_search', 'Hybrid semantic + BM25 search over the indexed documents, with metadata filters.', 'retrieval',
     '{"query": "string", "top_k": "integer", "filter": "object"}'),
    ('filesystem', 'Sandboxed file reads and writes through the filesystem MCP server.', 'mcp',
     '{"operation": "string", "path": "string"}'),
    ('git', 'Read-only git history: log, diff, show, blame, search (git MCP server).', 'mcp',
     '{"operation": "string", "repository": "string"}'),
    ('memory', 'Encrypted conversation, fact, preference and context memory (memory MCP server).', 'mcp',
     '{"operation": "string", "type": "string", "key": "string"}')
ON CONFLICT (name) DO NOTHING;
