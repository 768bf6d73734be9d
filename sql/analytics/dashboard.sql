-- Dashboard view: the headline numbers of a period.
-- Parameters: @from, @to (timestamptz).
SELECT count(*)                                                                 AS invocations,
       coalesce(round(count(*) FILTER (WHERE status = 'succeeded')::numeric / nullif(count(*), 0), 4), 0) AS success_rate,
       coalesce(sum(cost_usd), 0)                                               AS cost_usd,
       avg(latency_ms)                                                          AS avg_latency_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)                 AS p95_latency_ms,
       count(*) FILTER (WHERE privacy_mode)                                     AS private_invocations
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to;
