-- Error tracking: failures per provider, model and error class, with their share of that model's calls.
-- Parameters: @from, @to (timestamptz).
WITH calls AS (
    SELECT provider, model, count(*) AS total
    FROM llm_invocations
    WHERE started_at >= @from AND started_at < @to
    GROUP BY provider, model
)
SELECT f.provider,
       f.model,
       coalesce(f.error_class, 'unknown')          AS error_class,
       count(*)                                     AS failures,
       round(count(*)::numeric / c.total, 4)        AS failure_rate,
       max(f.started_at)                            AS last_seen
FROM llm_invocations f
JOIN calls c ON c.provider = f.provider AND c.model = f.model
WHERE f.started_at >= @from AND f.started_at < @to AND f.status = 'failed'
GROUP BY f.provider, f.model, coalesce(f.error_class, 'unknown'), c.total
ORDER BY failures DESC, f.provider, f.model, 3;
