using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability.Postgres;

namespace Orchestrator.Observability.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(SharedPostgres postgres)
{
    [Fact]
    public async Task Migrations_create_the_whole_schema_on_an_empty_database_and_a_second_run_applies_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("migrate");
        await using var store = new PostgresLlmOpsStore(cs, NullLogger.Instance);

        var first = await store.MigrateAsync(ct);
        var second = await store.MigrateAsync(ct);

        Assert.Equal(["V001_llmops_schema.sql", "V002_llmops_analytics.sql", "V003_llmops_analytics_covering_indexes.sql", "V004_agent_messages_cost.sql", "V005_tools_and_workflows.sql", "V006_gateway_keys.sql", "V007_budget_pools_all_scopes.sql", "V008_invocation_operation.sql"], first.Select(n => n[(n.LastIndexOf('V') )..]).Order(StringComparer.Ordinal));
        Assert.Empty(second);
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        foreach (var relation in new[] { "llm_invocations", "workflow_versions", "agent_messages", "budget_pools", "tool_registry", "tier_performance_summary", "workflow_runs", "gateway_keys" })
        {
            Assert.True(await ScalarAsync<bool>(connection, $"SELECT to_regclass('{relation}') IS NOT NULL", ct), relation);
        }

        Assert.Equal("p", await ScalarAsync<string>(connection, "SELECT relkind::text FROM pg_class WHERE relname = 'llm_invocations'", ct));
        Assert.Equal(["filesystem", "git", "hybrid_search", "memory"], await ListAsync(connection, "SELECT name FROM tool_registry ORDER BY name", ct));
        Assert.Equal(["cleanup_old_data", "ensure_llm_invocations_partition", "refresh_tier_performance_summary"],
            await ListAsync(connection, "SELECT proname::text FROM pg_proc WHERE proname IN ('cleanup_old_data', 'refresh_tier_performance_summary', 'ensure_llm_invocations_partition') ORDER BY 1", ct));
        var indexes = await ListAsync(connection, "SELECT indexname::text FROM pg_indexes WHERE indexname LIKE 'ix\\_%' ORDER BY 1", ct);
        Assert.Equal(15, indexes.Count);
    }

    [Fact]
    public async Task An_applied_migration_whose_checksum_no_longer_matches_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.Cluster.CreateDatabaseAsync("checksum");
        await using var store = new PostgresLlmOpsStore(cs, NullLogger.Instance);
        await store.MigrateAsync(ct);
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var tamper = new NpgsqlCommand("UPDATE llmops_schema_history SET checksum = 'edited' WHERE name LIKE '%V001_llmops_schema.sql'", connection))
        {
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync(ct));
        }

        await Assert.ThrowsAnyAsync<Exception>(() => store.MigrateAsync(ct));
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    internal static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
