using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;

namespace Orchestrator.Observability.Tests;

/// <summary>
/// The expression index of migration 003 must stay usable by cost_trend: an index on an expression is only chosen
/// while the query spells the expression the same way, and only covers while it includes every column the query reads.
/// With sequential scans off, the query must plan as an index-only scan on it, with no sort.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AnalyticsPlanTests(SharedPostgres postgres)
{
    [Theory]
    // latency_percentiles is not checked here: on this tiny table the planner prefers a sort over its partial index
    // (it does use it at 1M rows, see docs/observability.md), so a plan assertion would test the cost model, not the index.
    [InlineData("cost_trend", "ix_llm_invocations_day_tier")]
    public async Task The_month_wide_query_is_an_index_only_scan_on_its_covering_index(string query, string index)
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("plans");
        await using (var store = new PostgresLlmOpsStore(cs, NullLogger.Instance))
        {
            await store.MigrateAsync(ct);
        }

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, """
            SELECT ensure_llm_invocations_partition(timestamptz '2026-11-01 00:00Z');
            INSERT INTO llm_invocations (request_id, provider, model, tier, input_tokens, output_tokens, cost_usd, latency_ms, ttft_ms, status, started_at)
            SELECT 'r' || g, 'p' || (g % 3), 'm' || (g % 2), g % 4, 100, 50, 0.001, g % 900, g % 90,
                   CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'succeeded' END, timestamptz '2026-11-01 00:00Z' + g * interval '1 minute'
            FROM generate_series(1, 2000) g;
            """, ct);
        await ExecuteAsync(connection, "VACUUM ANALYZE llm_invocations", ct);   // sets the visibility map an index-only scan needs
        await ExecuteAsync(connection, "SET enable_seqscan = off", ct);

        var sql = await ReadQueryAsync(query, ct);
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        explain.Parameters.AddWithValue("from", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        explain.Parameters.AddWithValue("to", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        // Indexes declared on the parent are named after it on each partition, e.g. llm_invocations_2026_11_date_trunc_tier_started_at_cost_usd_idx.
        var scan = Assert.Single(plan, line => line.Contains("Scan", StringComparison.Ordinal) && line.Contains("llm_invocations_2026_11", StringComparison.Ordinal));
        Assert.True(scan.Contains("Index Only Scan", StringComparison.Ordinal), string.Join('\n', plan));
        var partitionIndex = await ScalarAsync(connection, $"SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '{index}'::regclass", ct);
        Assert.Contains(partitionIndex, scan, StringComparison.Ordinal);
        Assert.DoesNotContain(plan, line => line.TrimStart().StartsWith("Sort", StringComparison.Ordinal) || line.Contains("-> Sort", StringComparison.Ordinal));
    }

    private static async Task<string> ReadQueryAsync(string name, CancellationToken ct)
    {
        var assembly = typeof(LlmOpsLog).Assembly;
        await using var stream = assembly.GetManifestResourceStream($"Orchestrator.Analytics.{name}.sql") ?? throw new InvalidOperationException($"no embedded query {name}");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
