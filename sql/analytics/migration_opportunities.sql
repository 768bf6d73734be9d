-- Migration opportunities: work (a workflow, else an agent) served on several tiers where a cheaper tier
-- succeeded as often (within 2 points, at least @min_calls calls), with the saving had the dearer tier's calls
-- cost what the cheaper tier's did.
-- Parameters: @from, @to (timestamptz), @min_calls (integer).
WITH work AS (
    SELECT coalesce(workflow_id, 'agent:' || agent_id) AS work,
           tier,
           count(*)                                                         AS invocations,
           count(*) FILTER (WHERE status = 'succeeded')::numeric / count(*) AS success_rate,
           sum(cost_usd) / count(*)                                        AS avg_cost_usd
    FROM llm_invocations
    WHERE started_at >= @from AND started_at < @to AND (workflow_id IS NOT NULL OR agent_id IS NOT NULL)
    GROUP BY 1, 2
)
SELECT dear.work,
       dear.tier                                                  AS from_tier,
       cheap.tier                                                 AS to_tier,
       dear.invocations                                           AS invocations,
       round(dear.success_rate, 4)                                AS from_success_rate,
       round(cheap.success_rate, 4)                               AS to_success_rate,
       dear.invocations * (dear.avg_cost_usd - cheap.avg_cost_usd) AS estimated_savings_usd
FROM work dear
JOIN work cheap ON cheap.work = dear.work AND cheap.tier < dear.tier
WHERE cheap.avg_cost_usd < dear.avg_cost_usd
  AND cheap.success_rate >= dear.success_rate - 0.02
  AND cheap.invocations >= @min_calls
ORDER BY estimated_savings_usd DESC, dear.work, cheap.tier;
