-- Orchestrator LLMOps schema, version 002: analytics indexes, the tier summary view, and maintenance functions.
-- Indexes on llm_invocations are declared on the partitioned parent, so every month partition gets them.

-- 1. Time-range scans (cost trend, dashboards).
CREATE INDEX IF NOT EXISTS ix_llm_invocations_started_at ON llm_invocations (started_at);
-- 2. Per-tier aggregates (tier optimization, by-tier panels).
CREATE INDEX IF NOT EXISTS ix_llm_invocations_tier_time ON llm_invocations (tier, started_at);
-- 3. Per provider/model aggregates (latency percentiles, migration opportunities).
CREATE INDEX IF NOT EXISTS ix_llm_invocations_provider_model_time ON llm_invocations (provider, model, started_at);
-- 4. Top spenders and per-user history.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_user_time ON llm_invocations (user_id, started_at) WHERE user_id IS NOT NULL;
-- 5. Error tracking only reads the failures.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_errors ON llm_invocations (error_class, started_at) WHERE status <> 'succeeded';
-- 6. Workflow version comparisons.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_workflow ON llm_invocations (workflow_id, workflow_version, started_at) WHERE workflow_id IS NOT NULL;
-- 7. Per-agent cost.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_agent ON llm_invocations (agent_id, started_at) WHERE agent_id IS NOT NULL;
-- 8. Privacy-mode statistics.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_privacy ON llm_invocations (privacy_mode, started_at);
-- 9. Streaming ROI reads only streamed calls.
CREATE INDEX IF NOT EXISTS ix_llm_invocations_streamed ON llm_invocations (provider, model, started_at) WHERE streamed;
-- 10. Trace lookups (from a span to its calls).
CREATE INDEX IF NOT EXISTS ix_llm_invocations_trace ON llm_invocations (trace_id) WHERE trace_id IS NOT NULL;
-- 11. A conversation's messages in order.
CREATE INDEX IF NOT EXISTS ix_agent_messages_conversation ON agent_messages (conversation_id, created_at);
-- 12. Message retention and time-range scans.
CREATE INDEX IF NOT EXISTS ix_agent_messages_created_at ON agent_messages (created_at);

-- Tier performance over the last 30 days (as of the last refresh), for the dashboard table and the recommendations.
CREATE MATERIALIZED VIEW IF NOT EXISTS tier_performance_summary AS
SELECT tier,
       provider,
       model,
       count(*)                                                                      AS invocations,
       count(*) FILTER (WHERE status = 'succeeded')                                  AS succeeded,
       round(count(*) FILTER (WHERE status = 'succeeded')::numeric / count(*), 4)    AS success_rate,
       avg(latency_ms)                                                               AS avg_latency_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)                      AS p95_latency_ms,
       sum(input_tokens)                                                             AS input_tokens,
       sum(output_tokens)                                                            AS output_tokens,
       sum(cost_usd)                                                                 AS total_cost_usd,
       sum(cost_usd) / count(*)                                                      AS avg_cost_usd,
       max(started_at)                                                               AS last_seen
FROM llm_invocations
WHERE started_at >= now() - interval '30 days'
GROUP BY tier, provider, model
WITH DATA;

-- REFRESH ... CONCURRENTLY needs a unique index; it keeps the view readable while it refreshes.
CREATE UNIQUE INDEX IF NOT EXISTS ux_tier_performance_summary ON tier_performance_summary (tier, provider, model);

CREATE OR REPLACE FUNCTION refresh_tier_performance_summary() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY tier_performance_summary;
END;
$$;

-- Drops every month partition of llm_invocations that ends at or before now - retention (a cheap catalog operation),
-- deletes the few older rows left in the partition that straddles the cut-off, and deletes old agent messages.
CREATE OR REPLACE FUNCTION cleanup_old_data(p_retention interval, p_now timestamptz DEFAULT now())
RETURNS TABLE (dropped_partitions integer, deleted_invocations bigint, deleted_messages bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_cutoff  timestamptz := p_now - p_retention;
    v_part    record;
    v_dropped integer := 0;
    v_rows    bigint;
    v_msgs    bigint;
BEGIN
    IF p_retention < interval '1 day' THEN
        RAISE EXCEPTION 'retention % is shorter than one day; refusing to delete that much', p_retention;
    END IF;

    FOR v_part IN
        SELECT c.relname,
               (to_date(substring(c.relname FROM 'llm_invocations_(\d{4}_\d{2})$'), 'YYYY_MM')::timestamp AT TIME ZONE 'UTC')
                   + interval '1 month' AS ends_at
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'llm_invocations'::regclass
          AND c.relname ~ '^llm_invocations_\d{4}_\d{2}$'
    LOOP
        IF v_part.ends_at <= v_cutoff THEN
            EXECUTE format('DROP TABLE %I', v_part.relname);
            v_dropped := v_dropped + 1;
        END IF;
    END LOOP;

    DELETE FROM llm_invocations WHERE started_at < v_cutoff;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    DELETE FROM agent_messages WHERE created_at < v_cutoff;
    GET DIAGNOSTICS v_msgs = ROW_COUNT;
    RETURN QUERY SELECT v_dropped, v_rows, v_msgs;
END;
$$;
