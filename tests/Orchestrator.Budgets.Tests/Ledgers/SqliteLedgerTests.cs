using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Plugins.Budgets.Sqlite;
using Orchestrator.Plugins.Observability;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The conformance suite on the embedded ledger, in a SQLite file per test.</summary>
public sealed class SqliteLedgerTests : BudgetLimitStoreConformance
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-budget-{Guid.NewGuid():N}.db");
    private readonly SqliteBudgetLedger _ledger;
    private readonly List<SqliteBudgetLedger> _others = [];

    public SqliteLedgerTests() => _ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);

    protected override IBudgetLedger Ledger => _ledger;

    protected override IBudgetLedger CreateLedger(TimeZoneInfo zone, TimeProvider time)
    {
        var ledger = new SqliteBudgetLedger($"Data Source={_path}.{_others.Count};Pooling=False", time, zone);
        _others.Add(ledger);
        return ledger;
    }

    [Fact]
    public async Task Spend_survives_a_restart_of_the_host()
    {
        var request = Request(0.4m, new BudgetPoolLimit(Alice, 1m));
        await _ledger.ReserveAsync(request, Ct);
        await _ledger.SettleAsync(request.ReservationId, 0.4m, Ct);
        await _ledger.DisposeAsync();

        await using var reopened = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);

        Assert.Equal(0.4m, (await reopened.GetUsageAsync([Alice], null, Ct)).Single().Spent);
    }

    [Fact]
    public async Task The_ledger_and_the_LLMOps_log_refuse_to_share_one_file_in_either_order()
    {
        // Both schemas have a budget_pools table (the ledger's balances, the log's reporting mirror) with other columns.
        var request = Request(0.4m, new BudgetPoolLimit(Alice, 1m));
        await _ledger.ReserveAsync(request, Ct);
        await using (var onLedgerFile = LlmOpsOn(_path))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => onLedgerFile.GetRequiredService<LlmOpsLog>().MigrateAsync(Ct));
            Assert.Contains("holds the embedded budget ledger", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0.4m, (await _ledger.GetUsageAsync([Alice], null, Ct)).Single().Reserved);

        var logPath = _path + ".llmops";
        await using (var log = LlmOpsOn(logPath))
        {
            Assert.NotEmpty(await log.GetRequiredService<LlmOpsLog>().MigrateAsync(Ct));
        }

        await using var onLogFile = new SqliteBudgetLedger($"Data Source={logPath};Pooling=False", Time, TimeZoneInfo.Utc);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => onLogFile.GetUsageAsync([Alice], null, Ct));
        Assert.Contains("holds the LLMOps log", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider LlmOpsOn(string path)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(_ => { }).AddSqliteInvocationLog($"Data Source={path};Pooling=False");
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_limit_set_through_one_ledger_instance_is_enforced_by_another_on_the_same_file_and_survives_a_restart()
    {
        await _ledger.SetLimitAsync(Alice, 0.25m, Ct);
        await _ledger.DisposeAsync();

        await using var second = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);
        var refused = await second.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 10m)), Ct);

        Assert.False(refused.Admitted);
        Assert.Equal(0.25m, refused.Limit);
        Assert.Equal([new BudgetPoolLimit(Alice, 0.25m)], await second.ListLimitsAsync(Ct));
    }

    [Fact]
    public async Task Two_ledger_instances_on_one_file_see_each_others_limits_while_both_are_open()
    {
        await using var second = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc);
        await second.GetUsageAsync([Alice], null, Ct);

        await _ledger.SetLimitAsync(Alice, 0.25m, Ct);
        var refused = await second.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 10m)), Ct);
        await second.RemoveLimitAsync(Alice, Ct);
        var admitted = await _ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 10m)), Ct);

        Assert.False(refused.Admitted);
        Assert.True(admitted.Admitted);
    }

    [Fact]
    public async Task An_unlimited_pool_is_forgotten_a_week_after_its_period_ends()
    {
        var weekly = new BudgetPool(BudgetScope.Tier, "2", BudgetPeriod.Weekly);
        var request = Request(0.3m, new BudgetPoolLimit(weekly, null), new BudgetPoolLimit(Alice, 1m));
        await _ledger.ReserveAsync(request, Ct);
        await _ledger.SettleAsync(request.ReservationId, 0.3m, Ct);
        var week = Time.GetUtcNow();

        // ISO week 48 of 2026 ends on Monday 2026-11-30 00:00 UTC; its row is kept until 2026-12-07.
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(0.3m, (await _ledger.GetUsageAsync([weekly], week, Ct)).Single().Spent);
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(0m, (await _ledger.GetUsageAsync([weekly], week, Ct)).Single().Spent);
        Assert.Equal(0.3m, (await _ledger.GetUsageAsync([Alice], week, Ct)).Single().Spent);
    }

    [Fact]
    public async Task A_file_written_by_the_previous_schema_is_upgraded_in_place_and_keeps_its_spend()
    {
        var old = $"{_path}.v1";
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={old};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE budget_pools(bucket TEXT PRIMARY KEY, spent INTEGER NOT NULL, reserved INTEGER NOT NULL, limit_micros INTEGER NOT NULL, alerted INTEGER NOT NULL);
                CREATE TABLE budget_reservations(id TEXT PRIMARY KEY, state TEXT NOT NULL, amount INTEGER NOT NULL, pools TEXT NOT NULL, expires_at INTEGER NOT NULL, forget_at INTEGER NOT NULL, settled INTEGER);
                INSERT INTO budget_pools VALUES ('user:alice:daily:2026-11-25', 400000, 0, 1000000, 0);
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            await using var upgraded = new SqliteBudgetLedger($"Data Source={old};Pooling=False", Time, TimeZoneInfo.Utc);
            await upgraded.SetLimitAsync(Alice, 0.5m, Ct);
            var refused = await upgraded.ReserveAsync(Request(0.2m, new BudgetPoolLimit(Alice, 1m)), Ct);
            var unlimited = await upgraded.ReserveAsync(Request(0.2m, new BudgetPoolLimit(AliceWeekly, null)), Ct);

            Assert.Equal(0.4m, (await upgraded.GetUsageAsync([Alice], null, Ct)).Single().Spent);
            Assert.False(refused.Admitted);
            Assert.True(unlimited.Admitted);
        }
        finally
        {
            File.Delete(old);
        }
    }

    [Fact]
    public async Task An_expired_hold_never_refuses_a_call_when_the_periodic_sweep_has_not_run_yet()
    {
        // The sweep ran on the first call and is not due again for an hour; the crashed host's hold expires after 30 s.
        await using var ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc) { SweepInterval = TimeSpan.FromHours(1) };
        var crashed = new BudgetReservationRequest("crashed-host", [new BudgetPoolLimit(Alice, 1m)], 0.9m, TimeSpan.FromSeconds(30));
        Assert.True((await ledger.ReserveAsync(crashed, Ct)).Admitted);
        Assert.False((await ledger.ReserveAsync(Request(0.2m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);

        Time.Advance(TimeSpan.FromSeconds(31));
        var admitted = Request(0.2m, new BudgetPoolLimit(Alice, 1m));

        Assert.True((await ledger.ReserveAsync(admitted, Ct)).Admitted);
        Assert.Equal(0.2m, (await ledger.GetUsageAsync([Alice], null, Ct)).Single().Reserved);
    }

    [Fact]
    public async Task A_hold_past_its_expiry_that_no_sweep_released_yet_is_released_once_and_charged_once()
    {
        await using var ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc) { SweepInterval = TimeSpan.FromHours(1) };
        var late = new BudgetReservationRequest("late-settle", [new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Global, null)], 0.5m, TimeSpan.FromSeconds(30));
        Assert.True((await ledger.ReserveAsync(late, Ct)).Admitted);
        var other = Request(0.1m, new BudgetPoolLimit(Alice, 1m));
        Assert.True((await ledger.ReserveAsync(other, Ct)).Admitted);

        // Expired, not swept (an admitted reserve does not sweep early); then settled late, then a sweep runs.
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await ledger.ReserveAsync(Request(0.1m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
        Assert.True((await ledger.SettleAsync("late-settle", 0.25m, Ct)).Applied);
        Time.Advance(TimeSpan.FromHours(2));
        Assert.False((await ledger.SettleAsync("late-settle", 0.25m, Ct)).Applied);

        var usage = await ledger.GetUsageAsync([Alice, Global], null, Ct);
        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 0.25m, 0m), usage[0]);
        Assert.Equal(0.25m, usage[1].Spent);
        Assert.Equal(0m, usage[1].Reserved);
    }

    [Fact]
    public async Task Another_ledger_on_the_file_that_skipped_its_sweep_releases_a_crashed_ledgers_expired_hold_before_refusing()
    {
        await using var survivor = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc) { SweepInterval = TimeSpan.FromHours(1) };
        Assert.True((await survivor.ReserveAsync(Request(0.1m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
        var crashed = new BudgetReservationRequest("crashed-host", [new BudgetPoolLimit(Alice, 1m)], 0.8m, TimeSpan.FromSeconds(30));
        Assert.True((await _ledger.ReserveAsync(crashed, Ct)).Admitted);
        await _ledger.DisposeAsync();

        Time.Advance(TimeSpan.FromSeconds(31));

        Assert.True((await survivor.ReserveAsync(Request(0.5m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
        Assert.False((await survivor.ReserveAsync(Request(0.5m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
    }

    [Fact]
    public async Task Committed_spend_reaches_the_database_file_within_the_checkpoint_interval()
    {
        // The main file without its WAL is what survives a power loss; a copy of it shows what a checkpoint has written.
        await using var ledger = new SqliteBudgetLedger($"Data Source={_path};Pooling=False", Time, TimeZoneInfo.Utc) { CheckpointInterval = TimeSpan.FromSeconds(10) };
        var request = Request(0.3m, new BudgetPoolLimit(Alice, 1m));
        await ledger.ReserveAsync(request, Ct);
        await ledger.SettleAsync(request.ReservationId, 0.3m, Ct);
        var beforeInterval = await UsageInCopyAsync("before");

        Time.Advance(TimeSpan.FromSeconds(11));
        await ledger.GetUsageAsync([Alice], null, Ct);
        var afterInterval = await UsageInCopyAsync("after");

        Assert.Equal((0m, 0.3m), (beforeInterval.Spent, beforeInterval.Reserved));
        Assert.Equal((0.3m, 0m), (afterInterval.Spent, afterInterval.Reserved));

        async Task<BudgetPoolUsage> UsageInCopyAsync(string name)
        {
            var copy = $"{_path}.{name}";
            File.Copy(_path, copy);
            try
            {
                await using var reader = new SqliteBudgetLedger($"Data Source={copy};Pooling=False", Time, TimeZoneInfo.Utc);
                return (await reader.GetUsageAsync([Alice], null, Ct)).Single();
            }
            finally
            {
                File.Delete(copy);
                File.Delete(copy + "-wal");
                File.Delete(copy + "-shm");
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _ledger.DisposeAsync();
        File.Delete(_path);
        for (var i = 0; i < _others.Count; i++)
        {
            await _others[i].DisposeAsync();
            File.Delete($"{_path}.{i}");
        }

        await base.DisposeAsync();
    }
}
