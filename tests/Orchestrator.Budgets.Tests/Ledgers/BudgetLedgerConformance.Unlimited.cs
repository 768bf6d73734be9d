namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Pools without a limit, on every ledger.</summary>
public abstract partial class BudgetLedgerConformance
{
    protected static readonly BudgetPool AliceWeekly = new(BudgetScope.User, "alice", BudgetPeriod.Weekly);

    [Fact]
    public async Task A_pool_without_a_limit_admits_any_amount_and_records_its_spend()
    {
        var request = Request(1_000m, new BudgetPoolLimit(AliceWeekly, null));

        Assert.True((await Ledger.ReserveAsync(request, Ct)).Admitted);
        var settled = await Ledger.SettleAsync(request.ReservationId, 750m, Ct);

        Assert.Empty(settled.Alerts);
        Assert.Equal(new BudgetPoolUsage(AliceWeekly, "2026-W48", 750m, 0m), await UsageAsync(AliceWeekly));
    }
}
