-- Orchestrator LLMOps schema, version 005: the tool registry's policy columns, workflow version hashes and workflow runs.

-- Every tool an agent may use: where it comes from, what it can do to the world, what a call costs outside the model,
-- and whether a human must approve each call. `parameters` holds the tool's JSON schema.
ALTER TABLE tool_registry
    ADD COLUMN IF NOT EXISTS source            text           NOT NULL DEFAULT 'host' CHECK (source IN ('kernel', 'mcp', 'host')),
    ADD COLUMN IF NOT EXISTS source_name       text,
    ADD COLUMN IF NOT EXISTS risk_level        text           NOT NULL DEFAULT 'external' CHECK (risk_level IN ('read_only', 'writes', 'external')),
    ADD COLUMN IF NOT EXISTS cost_hint_usd     numeric(18, 8) NOT NULL DEFAULT 0 CHECK (cost_hint_usd >= 0),
    ADD COLUMN IF NOT EXISTS requires_approval boolean        NOT NULL DEFAULT true,
    ADD COLUMN IF NOT EXISTS updated_at        timestamptz    NOT NULL DEFAULT now();

-- The built-in rows of 001 get real policies and JSON schemas (001 stored a shorthand of the parameters). They stay
-- catalog entries for the shipped capabilities under their 001 names; tools registered live get their own rows
-- (kernel functions as plugin_function, for example rag_search; MCP tools under the server's names).
UPDATE tool_registry SET source = 'kernel', source_name = 'rag', risk_level = 'read_only', requires_approval = false,
    parameters = '{"type": "object", "properties": {"query": {"type": "string"}, "top_k": {"type": "integer"}, "filter": {"type": "object"}}, "required": ["query"]}'
    WHERE name = 'hybrid_search' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'filesystem', risk_level = 'writes', requires_approval = true,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "path": {"type": "string"}}, "required": ["operation", "path"]}'
    WHERE name = 'filesystem' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'git', risk_level = 'read_only', requires_approval = false,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "repository": {"type": "string"}}, "required": ["operation", "repository"]}'
    WHERE name = 'git' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'memory', risk_level = 'writes', requires_approval = false,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "type": {"type": "string"}, "key": {"type": "string"}}, "required": ["operation"]}'
    WHERE name = 'memory' AND source = 'host';

-- A version's content hash (SHA-256 of the definition's canonical JSON): registering an unchanged definition finds
-- its version instead of adding one. Rows from before 005 have none and are never matched.
ALTER TABLE workflow_versions ADD COLUMN IF NOT EXISTS content_hash text;
CREATE UNIQUE INDEX IF NOT EXISTS ux_workflow_versions_hash ON workflow_versions (workflow_id, content_hash) WHERE content_hash IS NOT NULL;

-- One row per finished workflow run, recording the version it ran: what experiments compare.
CREATE TABLE IF NOT EXISTS workflow_runs (
    run_id             text             PRIMARY KEY,
    workflow_id        text             NOT NULL,
    workflow_version   text             NOT NULL,
    subject_key        text,
    succeeded          boolean          NOT NULL,
    cost_usd           numeric(18, 8)   NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    total_tokens       bigint           NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
    latency_ms         double precision NOT NULL CHECK (latency_ms >= 0),
    judge_score        double precision CHECK (judge_score BETWEEN 0 AND 1),
    termination_reason text             NOT NULL,
    started_at         timestamptz      NOT NULL,
    logged_at          timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS ix_workflow_runs_version_time ON workflow_runs (workflow_id, workflow_version, started_at);
