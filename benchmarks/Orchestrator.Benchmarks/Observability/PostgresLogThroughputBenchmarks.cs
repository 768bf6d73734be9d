using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Benchmarks.Observability;

/// <summary>
/// Sustained rows per second into PostgreSQL: one operation enqueues <see cref="Rows"/> invocation records and waits
/// until the background writer has stored them all (binary COPY to staging + de-duplicating insert, per batch).
/// rows/s = Rows / Mean. Needs a migrated database: ORCH_BENCH_PG="Host=127.0.0.1;Port=...;Username=...;Database=...".
/// </summary>
public class PostgresLogThroughputBenchmarks
{
    private LlmOpsLog _log = null!;
    private string _connectionString = null!;
    private int _round;

    [Params(500, 2000)]
    public int BatchSize { get; set; }

    public int Rows => 20_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectionString = Environment.GetEnvironmentVariable("ORCH_BENCH_PG")
            ?? throw new InvalidOperationException("Set ORCH_BENCH_PG to a PostgreSQL connection string (see the class summary).");
        await LlmOpsSchema.MigratePostgresAsync(_connectionString);
        _log = new LlmOpsLog(new PostgresLlmOpsStore(_connectionString, NullLogger.Instance), new BatchWriterOptions { BatchSize = BatchSize, Capacity = 50_000 }, NullLogger.Instance, null, null);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _log.DisposeAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand("TRUNCATE llm_invocations", connection);
        await truncate.ExecuteNonQueryAsync();
    }

    [Benchmark(Description = "store 20,000 rows")]
    public async Task StoreRows()
    {
        var round = Interlocked.Increment(ref _round);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < Rows; i++)
        {
            await _log.RecordAsync(new InvocationRecord
            {
                RequestId = $"bench-{BatchSize}-{round}-{i}",
                StartedAt = at,
                Provider = "openai",
                Model = "gpt-4o-mini",
                Tier = 3,
                UserId = "user-" + (i % 100),
                Usage = new InvocationUsage(500, 200, 0, false, 0.0002m),
                Latency = TimeSpan.FromMilliseconds(800),
            });
        }

        await _log.FlushAsync();
    }
}
