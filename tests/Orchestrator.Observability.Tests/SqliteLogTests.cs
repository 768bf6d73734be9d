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

    [Fact]
    public async Task Every_column_of_a_batch_of_invocations_is_stored_with_its_value_and_type()
    {
        // The rows of a batch are written by one statement from a JSON array: each value must come out as binding it
        // one by one stored it (text, integer, real, null), including whole-number reals, flags and quotes in text.
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteLlmOpsStore(_path, NullLogger.Instance);
        await using var log = new LlmOpsLog(store, new BatchWriterOptions(), NullLogger.Instance, null, null);
        await log.MigrateAsync(ct);
        var at = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var full = Records.Invocation(at, provider: "ollama", model: "llama \"3.2\"", tier: 0, cost: 2m, latencyMs: 80, ttftMs: 12.5, user: "bob",
            privacy: true, local: true, error: Orchestrator.Providers.ProviderFailureKind.RateLimited, status: InvocationStatus.Failed,
            input: 7, output: 3, cached: 1, workflow: "wf", version: "v2", agent: "agent-1", attempt: 2) with { TraceId = null, Operation = InvocationRecord.EmbeddingsOperation };
        var bare = Records.Invocation(at.AddSeconds(1));

        await log.RecordAsync(full, ct);
        await log.RecordAsync(bare, ct);
        await log.FlushAsync(ct);

        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqliteCommand("""
            SELECT request_id, trace_id, user_id, workflow_id, workflow_version, agent_id, provider, model, tier, is_local, routing_attempts, input_tokens,
                   output_tokens, cached_tokens, tokens_estimated, cost_usd, typeof(cost_usd), latency_ms, typeof(latency_ms), ttft_ms, streamed, privacy_mode,
                   status, error_class, error_message, started_at, operation, typeof(tier), typeof(is_local)
            FROM llm_invocations ORDER BY started_at
            """, connection);
        await using var row = await command.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        object?[] values = [.. Enumerable.Range(0, row.FieldCount).Select(i => row.IsDBNull(i) ? null : row.GetValue(i))];
        Assert.Equal<object?>(
            [full.RequestId, null, "bob", "wf", "v2", "agent-1", "ollama", "llama \"3.2\"", 0L, 1L, 2L, 7L, 3L, 1L, 0L, 2.0, "real", 80.0, "real", 12.5, 1L, 1L,
             "failed", "rate_limited", full.ErrorMessage, "2026-11-25T12:00:00.1234567Z", "embeddings", "integer", "integer"],
            values);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal((bare.TraceId, (object)DBNull.Value, 0L, "succeeded", "chat"), (row.GetString(1), row.GetValue(19), row.GetInt64(20), row.GetString(22), row.GetString(26)));
    }

    [Fact]
    public async Task A_batch_larger_than_one_statements_chunk_stores_every_invocation_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteLlmOpsStore(_path, NullLogger.Instance);
        await MigrateLogAsync();
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, 150).Select(i => Records.Invocation(at.AddSeconds(i), user: $"u{i}")).ToList();

        // One store batch of 150 invocations (three chunks of at most 64 rows), then the same batch again (a retry).
        await store.WriteAsync(records, ct);
        await store.WriteAsync(records, ct);

        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqliteCommand("SELECT count(*), count(DISTINCT user_id), min(started_at), max(started_at) FROM llm_invocations", connection);
        await using var row = await command.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal((150L, 150L, "2026-11-25T12:00:00.0000000Z", "2026-11-25T12:02:29.0000000Z"), (row.GetInt64(0), row.GetInt64(1), row.GetString(2), row.GetString(3)));

        async Task MigrateLogAsync()
        {
            await using var log = new LlmOpsLog(store, new BatchWriterOptions(), NullLogger.Instance, null, null);
            await log.MigrateAsync(ct);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
