-- Recent invocations: the latest calls of the period, newest first (no prompt or reply text: the log keeps none).
-- Parameters: @from, @to (timestamptz), @limit (integer).
SELECT request_id,
       started_at,
       user_id,
       provider,
       model,
       tier,
       status,
       error_class,
       routing_attempts,
       input_tokens + output_tokens AS tokens,
       cost_usd,
       latency_ms,
       ttft_ms,
       privacy_mode
FROM llm_invocations
WHERE started_at >= @from AND started_at < @to
ORDER BY started_at DESC, request_id
LIMIT @limit;
