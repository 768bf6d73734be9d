using Orchestrator.Plugins.Budgets.Redis;
using StackExchange.Redis;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The conformance suite on the Redis ledger, against a real redis-server; each test has its own hash tag.</summary>
public sealed class RedisLedgerTests : BudgetLimitStoreConformance
{
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly string _prefix = $"t{Guid.NewGuid():N}";

    public RedisLedgerTests(RedisServer server)
    {
        _server = server;
        _connection = ConnectionMultiplexer.Connect(server.ConnectionString);
        Ledger = new RedisBudgetLedger(_connection, Time, TimeZoneInfo.Utc, _prefix);
    }

    protected override IBudgetLedger Ledger { get; }

    protected override IBudgetLedger CreateLedger(TimeZoneInfo zone, TimeProvider time) => new RedisBudgetLedger(_connection, time, zone, _prefix + "-" + zone.Id);

    [Fact]
    public async Task Two_connections_sharing_one_Redis_hold_the_cap_together()
    {
        await using var other = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        var second = new RedisBudgetLedger(other, Time, TimeZoneInfo.Utc, _prefix);
        var ledgers = new IBudgetLedger[] { Ledger, second };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(
            () => ledgers[i % 2].ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 1m)), Ct), Ct)));

        Assert.Equal(3, results.Count(r => r.Admitted));
        Assert.Equal(0.9m, (await second.GetUsageAsync([Alice], null, Ct)).Single().Reserved);
    }

    [Fact]
    public async Task A_limit_set_through_one_connection_is_enforced_through_another_at_once()
    {
        await using var other = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        var second = new RedisBudgetLedger(other, Time, TimeZoneInfo.Utc, _prefix);

        await ((IBudgetLimitStore)Ledger).SetLimitAsync(Alice, 0.25m, Ct);
        var refused = await second.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 10m)), Ct);
        await ((IBudgetLimitStore)Ledger).RemoveLimitAsync(Alice, Ct);
        var admitted = await second.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 10m)), Ct);

        Assert.False(refused.Admitted);
        Assert.Equal(0.25m, refused.Limit);
        Assert.True(admitted.Admitted);
    }

    [Fact]
    public async Task An_unlimited_pool_expires_a_week_after_its_period_and_a_limited_one_is_kept()
    {
        var weekly = new BudgetPool(BudgetScope.Tier, "2", BudgetPeriod.Weekly);
        await Ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(weekly, null), new BudgetPoolLimit(Alice, 1m)), Ct);

        var db = _connection.GetDatabase();
        var unlimited = await db.KeyExpireTimeAsync($"{{{_prefix}}}:pool:tier:2:weekly:2026-W48");
        var limited = await db.KeyExpireTimeAsync($"{{{_prefix}}}:pool:user:alice:daily:2026-11-25");

        // ISO week 48 of 2026 ends on Monday 2026-11-30 00:00 UTC.
        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), unlimited);
        Assert.Null(limited);
    }

    [Fact]
    public async Task Every_key_of_the_ledger_shares_one_hash_tag()
    {
        var request = Request(0.3m, new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Global, 10m));
        await Ledger.ReserveAsync(request, Ct);
        await ((IBudgetLimitStore)Ledger).SetLimitAsync(Alice, 2m, Ct);

        var keys = _connection.GetServer(_connection.GetEndPoints()[0]).Keys(pattern: $"{{{_prefix}}}:*").Select(k => (string)k!).ToList();

        Assert.Equal(5, keys.Count);
        Assert.Contains($"{{{_prefix}}}:limits", keys);
        Assert.Contains($"{{{_prefix}}}:pool:user:alice:daily:2026-11-25", keys);
        Assert.Contains($"{{{_prefix}}}:res:{request.ReservationId}", keys);
        Assert.Single(keys.Select(k => _connection.HashSlot(k)).Distinct());
    }

    [Fact]
    public async Task A_dead_Redis_fails_closed_with_a_clear_error()
    {
        await using var dead = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()},abortConnect=false,connectTimeout=300,syncTimeout=500,asyncTimeout=500");
        var ledger = new RedisBudgetLedger(dead, Time, TimeZoneInfo.Utc, _prefix);

        var error = await Assert.ThrowsAsync<BudgetUnavailableException>(() => ledger.ReserveAsync(Request(0.1m, new BudgetPoolLimit(Alice, 1m)), Ct));

        Assert.Contains("fail closed", error.Message, StringComparison.Ordinal);
        Assert.Contains("FailOpen", error.Message, StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }
}
