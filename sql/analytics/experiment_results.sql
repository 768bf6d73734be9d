-- A/B experiment results: each workflow version's runs, success rate, cost, latency and judge score, with the traffic
-- share it was given. Reads workflow_runs (migration 005); the caller checks that the table exists first.
-- Parameters: @from, @to (timestamptz).
SELECT r.workflow_id,
       r.workflow_version,
       count(*)                                                                    AS runs,
       round(count(*) FILTER (WHERE r.succeeded)::numeric / count(*), 4)           AS success_rate,
       coalesce(sum(r.cost_usd), 0)::numeric                                       AS cost_usd,
       avg(r.cost_usd)::numeric                                                    AS avg_cost_usd,
       avg(r.latency_ms)::double precision                                         AS avg_latency_ms,
       avg(r.judge_score)::double precision                                        AS avg_judge_score,
       v.traffic_share
FROM workflow_runs r
LEFT JOIN workflow_versions v ON v.workflow_id = r.workflow_id AND v.version = r.workflow_version
WHERE r.started_at >= @from AND r.started_at < @to
GROUP BY r.workflow_id, r.workflow_version, v.traffic_share
ORDER BY r.workflow_id, r.workflow_version;
