namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>
/// Limits set at run time, kept in the ledger's own store (Redis and SQLite; the per-host limiter has none and enforces
/// the configured limits only).
/// </summary>
public abstract class BudgetLimitStoreConformance : BudgetLedgerConformance
{
    private IBudgetLimitStore Store => (IBudgetLimitStore)Ledger;

    [Fact]
    public async Task A_limit_set_at_run_time_overrides_the_configured_one_and_removing_it_falls_back()
    {
        await Store.SetLimitAsync(Alice, 0.5m, Ct);

        var refused = await Ledger.ReserveAsync(Request(0.6m, new BudgetPoolLimit(Alice, 1m)), Ct);
        Assert.False(refused.Admitted);
        Assert.Equal(0.5m, refused.Limit);
        Assert.Equal([new BudgetPoolLimit(Alice, 0.5m)], await Store.ListLimitsAsync(Ct));

        Assert.True(await Store.RemoveLimitAsync(Alice, Ct));
        Assert.False(await Store.RemoveLimitAsync(Alice, Ct));
        Assert.True((await Ledger.ReserveAsync(Request(0.6m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
        Assert.Empty(await Store.ListLimitsAsync(Ct));
    }

    [Fact]
    public async Task A_limit_for_everyone_set_at_run_time_caps_an_unlimited_pool_but_not_a_named_configured_one()
    {
        await Store.SetLimitAsync(new BudgetPool(BudgetScope.User, BudgetLimitOptions.Everyone, BudgetPeriod.Daily), 0.2m, Ct);
        var bob = new BudgetPool(BudgetScope.User, "bob", BudgetPeriod.Daily);
        var carol = new BudgetPool(BudgetScope.User, "carol", BudgetPeriod.Daily);

        var unlimited = await Ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(bob, null)), Ct);
        var configuredEveryone = await Ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(carol, 5m) { FromEveryone = true }), Ct);
        var configuredNamed = await Ledger.ReserveAsync(Request(0.3m, new BudgetPoolLimit(Alice, 1m)), Ct);

        Assert.False(unlimited.Admitted);
        Assert.Equal(0.2m, unlimited.Limit);
        Assert.False(configuredEveryone.Admitted);
        Assert.True(configuredNamed.Admitted);
    }

    [Fact]
    public async Task A_limit_set_at_run_time_arms_alerts_on_a_pool_that_had_none()
    {
        await Store.SetLimitAsync(AliceWeekly, 1m, Ct);
        var request = Request(0.85m, new BudgetPoolLimit(AliceWeekly, null));

        Assert.True((await Ledger.ReserveAsync(request, Ct)).Admitted);
        var settled = await Ledger.SettleAsync(request.ReservationId, 0.85m, Ct);

        Assert.Equal([80], settled.Alerts.Select(a => a.ThresholdPercent));
        Assert.Equal(1m, settled.Alerts[0].Limit);
    }
}
