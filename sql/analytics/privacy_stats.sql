-- Privacy-mode statistics: private calls, where they ran, what they cost, and any that reached a cloud provider.
-- Parameters: @from, @to (timestamptz).
SELECT privacy_mode,
       count(*)                                       AS invocations,
       count(*) FILTER (WHERE is_local)               AS local_invocations,
       count(*) FILTER (WHERE NOT is_local)           AS cloud_invocations,
       sum(cost_usd)                                  AS cost_usd
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to
GROUP BY privacy_mode
ORDER BY privacy_mode;
