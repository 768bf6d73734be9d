using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Telemetry;

namespace Orchestrator.Observability.Tests;

/// <summary>Stops its own PostgreSQL server mid-test, so it cannot share a cluster with other classes.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task A_database_outage_is_reported_and_every_record_accepted_within_the_queue_bound_is_stored_after_recovery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await PostgresCluster.StartAsync();
        var cs = await cluster.CreateDatabaseAsync("outage");
        var logger = new CollectingLogger();
        var options = new BatchWriterOptions { Capacity = 40, BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(20), MinRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(400) };
        await using var log = new LlmOpsLog(new PostgresLlmOpsStore(cs, NullLogger.Instance), options, logger, null, null);
        await log.MigrateAsync(ct);
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 15; i++)
        {
            await log.RecordAsync(Records.Invocation(at.AddSeconds(i)), ct);
        }

        await log.FlushAsync(ct);
        await cluster.StopServerAsync();

        // 60 records arrive while the database is down: 40 fit the queue (one batch of them may be in the writer's hands),
        // the rest are dropped and counted; none of the calls waits.
        var accepted = new List<InvocationRecord>();
        for (var i = 0; i < 60; i++)
        {
            var record = Records.Invocation(at.AddMinutes(1).AddSeconds(i));
            await log.RecordAsync(record, ct);
            accepted.Add(record);
        }

        while (!log.IsFailing)
        {
            await Task.Delay(20, ct);
        }

        Assert.Contains(logger.Lines, line => line.Contains("log store is unavailable", StringComparison.Ordinal));
        await cluster.StartServerAsync();
        await log.FlushAsync(ct);

        Assert.False(log.IsFailing);
        Assert.Contains(logger.Lines, line => line.Contains("is back after", StringComparison.Ordinal));
        Assert.InRange(log.Dropped, 60 - options.Capacity - options.BatchSize, 60 - options.Capacity);
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        var stored = await MigrationTests.ScalarAsync<long>(connection, "SELECT count(*) FROM llm_invocations", ct);
        Assert.True(15 + 60 - log.Dropped == stored, $"stored {stored}, written {log.Written}, dropped {log.Dropped}, pending {log.Pending}: {string.Join(" | ", logger.Lines)}");
        Assert.Equal(stored, log.Written);
    }
}
