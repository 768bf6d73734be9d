using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Sqlite;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

public sealed class SqliteLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-llmops-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task The_embedded_log_migrates_once_stores_each_record_once_and_keeps_the_same_columns()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteLlmOpsStore(_path, NullLogger.Instance);
        await using var log = new LlmOpsLog(store, new BatchWriterOptions(), NullLogger.Instance, null, null);
        Assert.Equal(["V001_llmops_schema.sql", "V004_agent_messages_cost.sql", "V005_tools_and_workflows.sql", "V006_gateway_keys.sql", "V007_budget_pools_all_scopes.sql", "V008_invocation_operation.sql"], (await log.MigrateAsync(ct)).Select(n => n[n.LastIndexOf('V')..]).Order(StringComparer.Ordinal));
        Assert.Empty(await log.MigrateAsync(ct));
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var record = Records.Invocation(at, provider: "ollama", model: "llama3.2:3b", tier: 0, cost: 0m, latencyMs: 80, ttftMs: 12, user: "bob", privacy: true, local: true);

        await log.RecordAsync(record, ct);
        await log.RecordAsync(record, ct);
        await log.RecordAsync(Records.Invocation(at.AddMinutes(1), status: InvocationStatus.Cancelled), ct);
        await log.FlushAsync(ct);

        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqliteCommand("SELECT count(*), sum(privacy_mode), group_concat(status, ',') FROM (SELECT * FROM llm_invocations ORDER BY started_at)", connection);
        await using var row = await command.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal((2L, 1L, "succeeded,cancelled"), (row.GetInt64(0), row.GetInt64(1), row.GetString(2)));
        await using var tools = new SqliteCommand("SELECT count(*) FROM tool_registry", connection);
        Assert.Equal(4L, (long)(await tools.ExecuteScalarAsync(ct))!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
