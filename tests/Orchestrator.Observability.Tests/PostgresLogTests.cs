using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Providers;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresLogTests(SharedPostgres postgres)
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Records_are_copied_in_batches_with_every_column()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var log = await StartAsync("copy", new BatchWriterOptions { BatchSize = 100, Capacity = 1000 }, ct);
        var failed = Records.Invocation(Noon, provider: "fireworks", model: "llama", tier: 1, cost: 0.12345678m, latencyMs: 1234.5, ttftMs: 210.25,
            status: InvocationStatus.Failed, error: ProviderFailureKind.RateLimited, user: "alice", privacy: true, input: 1000, output: 20, cached: 300,
            workflow: "triage", version: "v2", agent: "planner", attempt: 3, local: true);
        var many = Enumerable.Range(0, 349).Select(i => Records.Invocation(Noon.AddSeconds(i))).Prepend(failed).ToList();

        foreach (var record in many)
        {
            await log.RecordAsync(record, ct);
        }

        await log.FlushAsync(ct);

        Assert.Equal(350, log.Written);
        await using var connection = await ((PostgresLlmOpsStore)log.Store).DataSource.OpenConnectionAsync(ct);
        Assert.Equal(350L, await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct));
        await using var command = new NpgsqlCommand(
            "SELECT trace_id, user_id, workflow_id, workflow_version, agent_id, provider, model, tier, is_local, routing_attempts, input_tokens, output_tokens, " +
            "cached_tokens, cost_usd, latency_ms, ttft_ms, streamed, privacy_mode, status, error_class, error_message, started_at FROM llm_invocations WHERE request_id = $1", connection)
        { Parameters = { new() { Value = failed.RequestId } } };
        await using var row = await command.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal(failed.TraceId, row.GetString(0));
        Assert.Equal(("alice", "triage", "v2", "planner", "fireworks", "llama"), (row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6)));
        Assert.Equal((short)1, row.GetInt16(7));
        Assert.True(row.GetBoolean(8));
        Assert.Equal((short)3, row.GetInt16(9));
        Assert.Equal((1000L, 20L, 300L), (row.GetInt64(10), row.GetInt64(11), row.GetInt64(12)));
        Assert.Equal(0.12345678m, row.GetDecimal(13));
        Assert.Equal((1234.5, 210.25), (row.GetDouble(14), row.GetDouble(15)));
        Assert.True(row.GetBoolean(16));
        Assert.True(row.GetBoolean(17));
        Assert.Equal(("failed", "rate_limited", "RateLimited from fireworks"), (row.GetString(18), row.GetString(19), row.GetString(20)));
        Assert.Equal(Noon, row.GetFieldValue<DateTimeOffset>(21));
    }

    [Fact]
    public async Task A_record_delivered_twice_is_stored_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var log = await StartAsync("dedup", new BatchWriterOptions(), ct);
        var record = Records.Invocation(Noon);
        var other = Records.Invocation(Noon);

        await log.RecordAsync(record, ct);
        await log.FlushAsync(ct);
        await log.RecordAsync(record, ct);      // a retried batch: already stored
        await log.RecordAsync(other, ct);
        await log.RecordAsync(other, ct);       // twice in the same batch
        await log.FlushAsync(ct);

        await using var connection = await ((PostgresLlmOpsStore)log.Store).DataSource.OpenConnectionAsync(ct);
        Assert.Equal(2L, await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct));
    }

    [Fact]
    public async Task A_NUL_in_an_error_message_is_replaced_rather_than_sinking_the_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var log = await StartAsync("nul", new BatchWriterOptions(), ct);
        await log.RecordAsync(Records.Invocation(Noon) with { ErrorMessage = "bad\0byte" }, ct);
        await log.RecordAsync(Records.Invocation(Noon), ct);
        await log.FlushAsync(ct);

        await using var connection = await ((PostgresLlmOpsStore)log.Store).DataSource.OpenConnectionAsync(ct);
        Assert.Equal(["bad\uFFFDbyte"], await MigrationTests.ListAsync(connection, "SELECT error_message FROM llm_invocations WHERE error_message IS NOT NULL", ct));
        Assert.Equal(2L, await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct));
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Agent_messages_go_through_the_same_writer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var log = await StartAsync("messages", new BatchWriterOptions(), ct);
        var message = new AgentMessageRecord { MessageId = "m1", ConversationId = "c1", Sender = "planner", Recipient = "coder", Content = "Plan: step 1", Tokens = 4, CostUsd = 0.00012345m, CreatedAt = Noon };

        await log.RecordAsync(message, ct);
        await log.RecordAsync(message, ct);
        await log.RecordAsync(Records.Invocation(Noon), ct);
        await log.FlushAsync(ct);

        await using var connection = await ((PostgresLlmOpsStore)log.Store).DataSource.OpenConnectionAsync(ct);
        Assert.Equal(["planner->coder: Plan: step 1 $0.00012345"], await MigrationTests.ListAsync(connection, "SELECT sender || '->' || recipient || ': ' || content || ' $' || cost_usd FROM agent_messages", ct));
        Assert.Equal(1L, await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct));
    }

    [Fact]
    public async Task Retention_drops_whole_month_partitions_and_trims_the_one_that_straddles_the_cutoff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var log = await StartAsync("retention", new BatchWriterOptions(), ct);
        var at = new[] { "2026-08-10", "2026-08-31T23:00:00", "2026-09-20", "2026-09-28", "2026-11-01" }.Select(d => DateTimeOffset.Parse(d + "Z", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var time in at)
        {
            await log.RecordAsync(Records.Invocation(time), ct);
        }

        await log.FlushAsync(ct);
        await using var connection = await ((PostgresLlmOpsStore)log.Store).DataSource.OpenConnectionAsync(ct);
        const string Partitions = "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'llm_invocations'::regclass ORDER BY 1";
        Assert.Equal(["llm_invocations_2026_08", "llm_invocations_2026_09", "llm_invocations_2026_11"], await MigrationTests.ListAsync(connection, Partitions, ct));

        // 60 days before 2026-11-25 is 2026-09-26: August ends before it (dropped), September straddles it (trimmed).
        await using var cleanup = new NpgsqlCommand("SELECT dropped_partitions, deleted_invocations FROM cleanup_old_data(interval '60 days', timestamptz '2026-11-25T00:00:00Z')", connection);
        await using (var result = await cleanup.ExecuteReaderAsync(ct))
        {
            Assert.True(await result.ReadAsync(ct));
            Assert.Equal((1, 1L), (result.GetInt32(0), result.GetInt64(1)));
        }

        Assert.Equal(["llm_invocations_2026_09", "llm_invocations_2026_11"], await MigrationTests.ListAsync(connection, Partitions, ct));
        Assert.Equal(2L, await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct));
    }

    private async Task<LlmOpsLog> StartAsync(string name, BatchWriterOptions options, CancellationToken ct)
    {
        var cs = await postgres.Cluster.CreateDatabaseAsync(name);
        var log = new LlmOpsLog(new PostgresLlmOpsStore(cs, NullLogger.Instance), options, NullLogger.Instance, null, null);
        await log.MigrateAsync(ct);
        return log;
    }
}
