-- Tier optimization recommendations: how each tier performs and whether a cheaper tier serves as well.
-- Parameters: @from, @to (timestamptz).
WITH tiers AS (
    SELECT tier,
           count(*)                                                            AS invocations,
           count(*) FILTER (WHERE status = 'succeeded')::numeric / count(*)    AS success_rate,
           sum(cost_usd)                                                       AS total_cost_usd,
           sum(cost_usd) / count(*)                                            AS avg_cost_usd,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)            AS p95_latency_ms
    FROM llm_invocations
    WHERE started_at >= @from AND started_at < @to
    GROUP BY tier
)
SELECT t.tier,
       t.invocations,
       round(t.success_rate, 4)   AS success_rate,
       t.total_cost_usd,
       t.avg_cost_usd,
       t.p95_latency_ms,
       cheaper.tier               AS cheaper_tier,
       CASE
           WHEN t.success_rate < 0.90 THEN 'unreliable'
           WHEN cheaper.tier IS NOT NULL THEN 'shift_to_cheaper_tier'
           ELSE 'keep'
       END                        AS recommendation
FROM tiers t
LEFT JOIN LATERAL (
    -- The cheapest lower tier whose success rate is within 2 points of this one.
    SELECT c.tier FROM tiers c
    WHERE c.tier < t.tier AND c.avg_cost_usd < t.avg_cost_usd AND c.success_rate >= t.success_rate - 0.02
    ORDER BY c.tier
    LIMIT 1
) cheaper ON true
ORDER BY t.tier;
