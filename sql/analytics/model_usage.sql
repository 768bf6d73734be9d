-- Model usage: calls, outcomes, failovers and spend per provider model (the dashboard's spend-by-model and rates).
-- A call "failed over" when the router needed more than one attempt to serve it (routing_attempts > 1).
-- Parameters: @from, @to (timestamptz).
SELECT provider,
       model,
       tier,
       count(*)                                              AS invocations,
       count(*) FILTER (WHERE status = 'succeeded')          AS succeeded,
       count(*) FILTER (WHERE routing_attempts > 1)          AS failed_over,
       coalesce(sum(cost_usd), 0)                            AS cost_usd,
       coalesce(sum(input_tokens + output_tokens), 0)        AS tokens
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to
GROUP BY provider, model, tier
ORDER BY cost_usd DESC, provider, model;
