using Orchestrator.Plugins.Budgets.Redis;
using StackExchange.Redis;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The conformance suite on the Redis ledger against a real three-shard Redis Cluster; each test has its own hash tag.</summary>
public sealed class RedisClusterLedgerTests : BudgetLimitStoreConformance
{
    private readonly RedisCluster _cluster;
    private readonly ConnectionMultiplexer _connection;
    private readonly string _prefix = $"c{Guid.NewGuid():N}";

    public RedisClusterLedgerTests(RedisCluster cluster)
    {
        _cluster = cluster;
        _connection = ConnectionMultiplexer.Connect(cluster.ConnectionString);
        Ledger = new RedisBudgetLedger(_connection, Time, TimeZoneInfo.Utc, _prefix);
    }

    protected override IBudgetLedger Ledger { get; }

    protected override IBudgetLedger CreateLedger(TimeZoneInfo zone, TimeProvider time) => new RedisBudgetLedger(_connection, time, zone, _prefix + "-" + zone.Id);

    [Fact]
    public async Task Ledgers_whose_tags_live_on_different_shards_each_hold_their_own_cap()
    {
        var config = _connection.GetServer(_connection.GetEndPoints()[0]).ClusterConfiguration!;
        var prefixes = Enumerable.Range(0, 500).Select(i => $"{_prefix}-{i}")
            .GroupBy(p => config.GetBySlot(_connection.HashSlot("{" + p + "}"))!.EndPoint!.ToString())
            .Select(g => g.First()).ToList();
        Assert.Equal(_cluster.Ports.Count, prefixes.Count);

        foreach (var prefix in prefixes)
        {
            var ledger = new RedisBudgetLedger(_connection, Time, TimeZoneInfo.Utc, prefix);
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(
                () => ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Global, 100m)), Ct), Ct)));
            Assert.Equal(3, results.Count(r => r.Admitted));
            Assert.Single(await ledger.ListUsageAsync(BudgetScope.User, BudgetPeriod.Daily, null, Ct));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }
}
