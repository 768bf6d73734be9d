-- Orchestrator LLMOps schema, version 003: covering indexes for the two analytics queries that read a whole month.
-- On 1M rows over 30 days, latency_percentiles walked ix_llm_invocations_provider_model_time and fetched every heap
-- row for latency_ms (random reads), and cost_trend sorted 1M rows on disk because the planner could not estimate
-- the number of days. Each index below lets its query run as an index-only scan already in GROUP BY order
-- (no heap fetch, no sort); results are unchanged. Before/after plans and timings: docs/observability.md.
-- Declared on the partitioned parent, so every month partition gets them.

-- latency_percentiles: successful calls per provider and model, with what the percentiles and the TTFT mean read.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_latency_succeeded
    ON llm_invocations (provider, model, started_at) INCLUDE (latency_ms, ttft_ms)
    WHERE status = 'succeeded';

-- cost_trend: calls per UTC day and tier. The expression must match the query's GROUP BY text exactly; ANALYZE
-- also keeps statistics on it, so the planner knows there are ~30 days, not 1M groups.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_day_tier
    ON llm_invocations ((date_trunc('day', started_at AT TIME ZONE 'UTC')::date), tier)
    INCLUDE (started_at, cost_usd, input_tokens, output_tokens);
