-- Top spenders: users by spend, with their share of all attributed spend.
-- Parameters: @from, @to (timestamptz), @limit (integer).
SELECT user_id,
       count(*)                                                  AS invocations,
       sum(cost_usd)                                             AS cost_usd,
       round(sum(cost_usd) / nullif(sum(sum(cost_usd)) OVER (), 0), 4) AS share
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to AND user_id IS NOT NULL
GROUP BY user_id
ORDER BY cost_usd DESC, user_id
LIMIT @limit;
