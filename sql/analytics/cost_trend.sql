-- Cost trend: spend, calls and tokens per UTC day and tier.
-- Parameters: @from, @to (timestamptz).
SELECT date_trunc('day', started_at AT TIME ZONE 'UTC')::date AS day,
       tier,
       count(*)                           AS invocations,
       sum(cost_usd)                      AS cost_usd,
       sum(input_tokens + output_tokens)  AS tokens
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to
GROUP BY 1, 2
ORDER BY 1, 2;
