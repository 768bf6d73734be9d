-- Orchestrator LLMOps schema for SQLite, version 005: the same logical changes as migrations/005_tools_and_workflows.sql.
-- SQLite's ALTER TABLE adds one column per statement; CHECK constraints on added columns are allowed with constant defaults.

ALTER TABLE tool_registry ADD COLUMN source TEXT NOT NULL DEFAULT 'host' CHECK (source IN ('kernel', 'mcp', 'host'));
ALTER TABLE tool_registry ADD COLUMN source_name TEXT;
ALTER TABLE tool_registry ADD COLUMN risk_level TEXT NOT NULL DEFAULT 'external' CHECK (risk_level IN ('read_only', 'writes', 'external'));
ALTER TABLE tool_registry ADD COLUMN cost_hint_usd REAL NOT NULL DEFAULT 0 CHECK (cost_hint_usd >= 0);
ALTER TABLE tool_registry ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tool_registry ADD COLUMN updated_at TEXT;

UPDATE tool_registry SET source = 'kernel', source_name = 'rag', risk_level = 'read_only', requires_approval = 0,
    parameters = '{"type": "object", "properties": {"query": {"type": "string"}, "top_k": {"type": "integer"}, "filter": {"type": "object"}}, "required": ["query"]}'
    WHERE name = 'hybrid_search' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'filesystem', risk_level = 'writes', requires_approval = 1,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "path": {"type": "string"}}, "required": ["operation", "path"]}'
    WHERE name = 'filesystem' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'git', risk_level = 'read_only', requires_approval = 0,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "repository": {"type": "string"}}, "required": ["operation", "repository"]}'
    WHERE name = 'git' AND source = 'host';
UPDATE tool_registry SET source = 'mcp', source_name = 'memory', risk_level = 'writes', requires_approval = 0,
    parameters = '{"type": "object", "properties": {"operation": {"type": "string"}, "type": {"type": "string"}, "key": {"type": "string"}}, "required": ["operation"]}'
    WHERE name = 'memory' AND source = 'host';

ALTER TABLE workflow_versions ADD COLUMN content_hash TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS ux_workflow_versions_hash ON workflow_versions (workflow_id, content_hash) WHERE content_hash IS NOT NULL;

CREATE TABLE IF NOT EXISTS workflow_runs (
    run_id             TEXT    NOT NULL PRIMARY KEY,
    workflow_id        TEXT    NOT NULL,
    workflow_version   TEXT    NOT NULL,
    subject_key        TEXT,
    succeeded          INTEGER NOT NULL,
    cost_usd           REAL    NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    total_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
    latency_ms         REAL    NOT NULL CHECK (latency_ms >= 0),
    judge_score        REAL    CHECK (judge_score BETWEEN 0 AND 1),
    termination_reason TEXT    NOT NULL,
    started_at         TEXT    NOT NULL,
    logged_at          TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX IF NOT EXISTS ix_workflow_runs_version_time ON workflow_runs (workflow_id, workflow_version, started_at);
