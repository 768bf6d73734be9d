using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Orchestrator.Budgets;
using Orchestrator.Plugins.Budgets.Redis;
using Orchestrator.Plugins.Budgets.Sqlite;
using StackExchange.Redis;

namespace Orchestrator.Benchmarks.Budgets;

/// <summary>
/// Reserve + settle round trips per second on each ledger, with 1 and 64 concurrent callers. <see cref="Shape"/>
/// <c>limited</c>: each caller holds in two limited pools (its user's daily pool and the global monthly pool);
/// <c>gateway</c>: in the six unlimited pools a gateway call without configured limits records spend in (its user's and
/// its tier's daily, weekly and monthly pools). Redis: a redis-server the benchmark starts on a free loopback port
/// (persistence off). Embedded: a SQLite file in the temp directory.
/// </summary>
[MemoryDiagnoser]
public class LedgerThroughputBenchmarks
{
    private const int PerCaller = 20;
    private Process? _redisProcess;
    private ConnectionMultiplexer? _redis;
    private IBudgetLedger _ledger = null!;
    private string? _path;

    [Params("embedded", "redis")]
    public string Backend { get; set; } = "embedded";

    [Params(1, 64)]
    public int Callers { get; set; }

    [Params("limited", "gateway")]
    public string Shape { get; set; } = "limited";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Backend == "redis")
        {
            var port = FreePort();
            _redisProcess = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true })!;
            await Task.Delay(300);
            _redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
            _ledger = new RedisBudgetLedger(_redis, TimeProvider.System, TimeZoneInfo.Utc, "bench");
        }
        else
        {
            _path = Path.Combine(Path.GetTempPath(), $"orch-bench-{Guid.NewGuid():N}.db");
            _ledger = new SqliteBudgetLedger($"Data Source={_path}", TimeProvider.System, TimeZoneInfo.Utc);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        (_ledger as IDisposable)?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _redisProcess?.Kill();
        _redisProcess?.Dispose();
        if (_path is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_path);
        }
    }

    /// <summary>One operation = one reserve + one settle; BenchmarkDotNet reports the time per operation.</summary>
    [Benchmark(OperationsPerInvoke = 64 * PerCaller)]
    public async Task ReserveAndSettle()
    {
        // Keep the total work per invoke constant (64 x 20 round trips) so 1 and 64 callers are comparable.
        var rounds = 64 * PerCaller / Callers;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            BudgetPeriod[] periods = [BudgetPeriod.Daily, BudgetPeriod.Weekly, BudgetPeriod.Monthly];
            var pools = Shape == "gateway"
                ? [.. periods.Select(p => new BudgetPoolLimit(new BudgetPool(BudgetScope.User, $"u{c}", p), null)),
                   .. periods.Select(p => new BudgetPoolLimit(new BudgetPool(BudgetScope.Tier, "2", p), null))]
                : new[]
                {
                    new BudgetPoolLimit(new BudgetPool(BudgetScope.User, $"u{c}", BudgetPeriod.Daily), 1_000_000m),
                    new BudgetPoolLimit(new BudgetPool(BudgetScope.Global, BudgetPool.GlobalName, BudgetPeriod.Monthly), 1_000_000_000m),
                };
            for (var i = 0; i < rounds; i++)
            {
                var request = new BudgetReservationRequest(Guid.NewGuid().ToString("N"), pools, 0.01m, TimeSpan.FromMinutes(5));
                await _ledger.ReserveAsync(request);
                await _ledger.SettleAsync(request.ReservationId, 0.005m);
            }
        })));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
