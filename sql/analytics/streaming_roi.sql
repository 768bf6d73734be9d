-- Streaming ROI: for streamed calls, how much sooner the first token arrived than the whole answer.
-- Parameters: @from, @to (timestamptz).
SELECT provider,
       model,
       count(*)                                      AS streamed_invocations,
       avg(ttft_ms)                                  AS avg_ttft_ms,
       avg(latency_ms)                               AS avg_latency_ms,
       round((1 - avg(ttft_ms) / nullif(avg(latency_ms), 0))::numeric, 4) AS wait_saved_ratio
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to AND streamed AND ttft_ms IS NOT NULL AND status = 'succeeded'
GROUP BY provider, model
ORDER BY provider, model;
