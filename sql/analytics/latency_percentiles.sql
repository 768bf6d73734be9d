-- Latency percentiles of successful calls per provider and model (continuous percentiles, in milliseconds).
-- Parameters: @from, @to (timestamptz).
SELECT provider,
       model,
       count(*)                                                   AS invocations,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY latency_ms)   AS p50_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)   AS p95_ms,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms)   AS p99_ms,
       avg(ttft_ms)                                               AS avg_ttft_ms
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to AND status = 'succeeded'
GROUP BY provider, model
ORDER BY provider, model;
