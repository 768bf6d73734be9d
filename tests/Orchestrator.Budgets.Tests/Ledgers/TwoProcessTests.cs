using System.Diagnostics;
using System.Globalization;
using Orchestrator.Plugins.Budgets.Sqlite;
using StackExchange.Redis;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Two OS processes sharing one Redis, or one SQLite file, hold one cap together.</summary>
public sealed class TwoProcessTests(RedisServer server)
{
    private static readonly BudgetPool Shared = new(BudgetScope.User, "shared", BudgetPeriod.Daily);

    [Fact]
    public async Task Two_processes_sharing_one_Redis_hold_the_cap_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = $"p{Guid.NewGuid():N}";

        // Each process asks for 25 holds of $0.30 against a $3.00 cap: together they may hold exactly 10.
        var outputs = await RunClientsAsync(prefix, "3", ct);

        Assert.Equal(10, outputs.Sum());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var key = $"{{{prefix}}}:pool:user:shared:daily:{DateTime.UtcNow:yyyy-MM-dd}";
        Assert.Equal(3_000_000, (long)await redis.GetDatabase().HashGetAsync(key, "reserved"));
    }

    [Fact]
    public async Task A_limit_set_by_this_process_binds_two_other_processes_configured_with_a_higher_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = $"p{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var ledger = new Orchestrator.Plugins.Budgets.Redis.RedisBudgetLedger(redis, TimeProvider.System, TimeZoneInfo.Utc, prefix);
        await ledger.SetLimitAsync(new BudgetPool(BudgetScope.User, "shared", BudgetPeriod.Daily), 0.9m, ct);

        // Each process is configured with a $3.00 cap, but the $0.90 set above is in force: 3 holds of $0.30 in all.
        Assert.Equal(3, (await RunClientsAsync(prefix, "3", ct)).Sum());
    }

    [Fact]
    public async Task Two_processes_sharing_one_SQLite_file_hold_the_cap_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"orch-two-process-{Guid.NewGuid():N}.db");
        try
        {
            await using (var ledger = new SqliteBudgetLedger($"Data Source={path};Pooling=False", TimeProvider.System, TimeZoneInfo.Utc))
            {
                await ledger.GetUsageAsync([Shared], null, ct);
            }

            Assert.Equal(10, (await RunClientsAsync("unused", "3", ct, $"sqlite:{path}")).Sum());

            await using var reopened = new SqliteBudgetLedger($"Data Source={path};Pooling=False", TimeProvider.System, TimeZoneInfo.Utc);
            Assert.Equal(3m, (await reopened.GetUsageAsync([Shared], null, ct)).Single().Reserved);
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task A_limit_set_by_this_process_on_a_SQLite_file_binds_two_other_processes_configured_with_a_higher_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"orch-two-process-{Guid.NewGuid():N}.db");
        try
        {
            // This ledger stays open (its prepared statements too) while the other processes write the same file.
            await using var ledger = new SqliteBudgetLedger($"Data Source={path};Pooling=False", TimeProvider.System, TimeZoneInfo.Utc);
            await ledger.SetLimitAsync(Shared, 0.9m, ct);

            Assert.Equal(3, (await RunClientsAsync("unused", "3", ct, $"sqlite:{path}")).Sum());

            // And their holds are seen here at once: the $0.90 is full.
            Assert.False((await ledger.ReserveAsync(new BudgetReservationRequest("late", [new BudgetPoolLimit(Shared, 3m)], 0.3m, TimeSpan.FromMinutes(5)), ct)).Admitted);
        }
        finally
        {
            DeleteDatabase(path);
        }
    }

    private static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private async Task<int[]> RunClientsAsync(string prefix, string limit, CancellationToken ct, string? ledger = null)
    {
        var client = Path.Combine(AppContext.BaseDirectory, "Orchestrator.Budgets.LedgerClient.dll");
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var processes = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { client, ledger ?? server.ConnectionString, prefix, "25", "0.3", limit, startAt },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!).ToList();
        return await Task.WhenAll(processes.Select(async p =>
        {
            var output = await p.StandardOutput.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            Assert.Equal(0, p.ExitCode);
            p.Dispose();
            return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }));
    }
}
