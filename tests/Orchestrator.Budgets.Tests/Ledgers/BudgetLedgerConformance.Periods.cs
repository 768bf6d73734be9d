namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Period roll-over and alerts.</summary>
public abstract partial class BudgetLedgerConformance
{
    [Fact]
    public async Task Concurrent_requests_across_a_period_boundary_sum_correctly()
    {
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 59, 59, TimeSpan.Zero));
        var before = Enumerable.Range(0, 10).Select(_ => Request(0.1m, new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Global, 100m))).ToList();
        Assert.All(await Task.WhenAll(before.Select(r => Task.Run(() => Ledger.ReserveAsync(r, Ct), Ct))), r => Assert.True(r.Admitted));

        Time.Advance(TimeSpan.FromSeconds(2));
        var after = Enumerable.Range(0, 10).Select(_ => Request(0.1m, new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Global, 100m))).ToList();
        Assert.All(await Task.WhenAll(after.Select(r => Task.Run(() => Ledger.ReserveAsync(r, Ct), Ct))), r => Assert.True(r.Admitted));
        await Task.WhenAll(before.Concat(after).Select(r => Task.Run(() => Ledger.SettleAsync(r.ReservationId, 0.1m, Ct), Ct)));

        var yesterday = await UsageAsync(Alice, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var today = await UsageAsync(Alice);
        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 1m, 0m), yesterday);
        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-26", 1m, 0m), today);
        Assert.Equal(2m, (await UsageAsync(Global)).Spent);
    }

    [Fact]
    public async Task A_call_reserved_before_midnight_is_charged_to_the_day_it_was_reserved_in()
    {
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 59, 0, TimeSpan.Zero));
        var request = Request(0.5m, new BudgetPoolLimit(Alice, 1m));
        await Ledger.ReserveAsync(request, Ct);

        Time.Advance(TimeSpan.FromMinutes(2));
        await Ledger.SettleAsync(request.ReservationId, 0.4m, Ct);

        Assert.Equal(0.4m, (await UsageAsync(Alice, Time.GetUtcNow().AddDays(-1))).Spent);
        Assert.Equal(0m, (await UsageAsync(Alice)).Spent);
    }

    [Fact]
    public async Task Alerts_fire_once_each_at_80_90_and_95_percent()
    {
        var fired = new List<BudgetAlert>();
        async Task SpendAsync(decimal amount)
        {
            var request = Request(amount, new BudgetPoolLimit(Alice, 1m));
            Assert.True((await Ledger.ReserveAsync(request, Ct)).Admitted);
            fired.AddRange((await Ledger.SettleAsync(request.ReservationId, amount, Ct)).Alerts);
        }

        await SpendAsync(0.5m);
        Assert.Empty(fired);
        await SpendAsync(0.3m);
        Assert.Equal([80], fired.Select(a => a.ThresholdPercent));
        await SpendAsync(0.05m);
        await SpendAsync(0.06m);
        await SpendAsync(0.05m);
        await SpendAsync(0.01m);

        Assert.Equal([80, 90, 95], fired.Select(a => a.ThresholdPercent));
        Assert.All(fired, a => Assert.Equal("user:alice:daily", a.Pool));
        Assert.All(fired, a => Assert.Equal("2026-11-25", a.PeriodKey));
        Assert.Equal(0.91m, fired[1].Spent);
    }

    [Fact]
    public async Task Concurrent_settles_fire_each_alert_exactly_once_and_again_in_the_next_period()
    {
        async Task<IReadOnlyList<BudgetAlert>> DayAsync()
        {
            var requests = Enumerable.Range(0, 20).Select(_ => Request(0.05m, new BudgetPoolLimit(Alice, 1m))).ToList();
            foreach (var request in requests)
            {
                Assert.True((await Ledger.ReserveAsync(request, Ct)).Admitted);
            }

            var settled = await Task.WhenAll(requests.Select(r => Task.Run(() => Ledger.SettleAsync(r.ReservationId, 0.05m, Ct), Ct)));
            return [.. settled.SelectMany(s => s.Alerts)];
        }

        var first = await DayAsync();
        Time.Advance(TimeSpan.FromDays(1));
        var second = await DayAsync();

        Assert.Equal([80, 90, 95], first.Select(a => a.ThresholdPercent).Order());
        Assert.Equal([80, 90, 95], second.Select(a => a.ThresholdPercent).Order());
        Assert.All(second, a => Assert.Equal("2026-11-26", a.PeriodKey));
    }
}
