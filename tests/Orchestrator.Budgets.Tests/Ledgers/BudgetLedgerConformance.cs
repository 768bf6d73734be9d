using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>The behaviour every budget ledger must have; each backend runs it through a derived class.</summary>
public abstract partial class BudgetLedgerConformance : IAsyncDisposable
{
    protected static readonly BudgetPool Alice = new(BudgetScope.User, "alice", BudgetPeriod.Daily);
    protected static readonly BudgetPool Global = new(BudgetScope.Global, BudgetPool.GlobalName, BudgetPeriod.Monthly);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IBudgetLedger Ledger { get; }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static BudgetReservationRequest Request(decimal amount, params BudgetPoolLimit[] pools) =>
        new(Guid.NewGuid().ToString("N"), pools, amount, TimeSpan.FromMinutes(5));

    protected async Task<BudgetPoolUsage> UsageAsync(BudgetPool pool, DateTimeOffset? at = null) =>
        (await Ledger.GetUsageAsync([pool], at, Ct)).Single();

    [Fact]
    public async Task A_pool_named_twice_in_one_request_is_held_and_charged_once()
    {
        // Held twice, 0.6 in a pool capped at 1 would not fit.
        var request = Request(0.6m, new BudgetPoolLimit(Alice, 1m), new BudgetPoolLimit(Alice, 1m));
        Assert.True((await Ledger.ReserveAsync(request, Ct)).Admitted);
        Assert.Equal(0.6m, (await UsageAsync(Alice)).Reserved);

        await Ledger.SettleAsync(request.ReservationId, 0.3m, Ct);

        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 0.3m, 0m), await UsageAsync(Alice));
    }

    [Fact]
    public async Task Fifty_concurrent_requests_against_room_for_one_admit_exactly_one()
    {
        var requests = Enumerable.Range(0, 50).Select(_ => Request(0.6m, new BudgetPoolLimit(Alice, 1m))).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => Ledger.ReserveAsync(r, Ct), Ct)));

        var admitted = requests.Where((_, i) => results[i].Admitted).ToList();
        Assert.Single(admitted);
        Assert.All(results.Where(r => !r.Admitted), r => Assert.Equal(Alice, r.RefusedBy));
        await Ledger.SettleAsync(admitted[0].ReservationId, 0.6m, Ct);
        var usage = await UsageAsync(Alice);
        Assert.Equal(0.6m, usage.Spent);
        Assert.Equal(0m, usage.Reserved);
    }

    [Fact]
    public async Task Concurrent_reserve_and_settle_never_spend_above_the_cap()
    {
        async Task<bool> CallAsync()
        {
            var request = Request(0.1m, new BudgetPoolLimit(Alice, 1m));
            if (!(await Ledger.ReserveAsync(request, Ct)).Admitted)
            {
                return false;
            }

            await Ledger.SettleAsync(request.ReservationId, 0.1m, Ct);
            return true;
        }

        var admitted = (await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(CallAsync, Ct)))).Count(a => a);

        Assert.Equal(10, admitted);
        Assert.Equal(1m, (await UsageAsync(Alice)).Spent);
    }

    [Fact]
    public async Task A_request_is_held_in_every_pool_or_in_none()
    {
        await Ledger.ReserveAsync(Request(0.9m, new BudgetPoolLimit(Global, 1m)), Ct);

        var refused = await Ledger.ReserveAsync(Request(0.2m, new BudgetPoolLimit(Alice, 5m), new BudgetPoolLimit(Global, 1m)), Ct);

        Assert.False(refused.Admitted);
        Assert.Equal(Global, refused.RefusedBy);
        Assert.Equal(1m, refused.Limit);
        Assert.Equal(0.9m, refused.Reserved);
        Assert.Equal(0.2m, refused.Requested);
        Assert.Equal(0m, (await UsageAsync(Alice)).Reserved);
        var error = Assert.Throws<BudgetExceededException>(refused.ThrowIfRefused);
        Assert.Contains("global:all:monthly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settle_retried_after_a_timeout_counts_once()
    {
        var request = Request(0.5m, new BudgetPoolLimit(Alice, 1m));
        await Ledger.ReserveAsync(request, Ct);

        var first = await Ledger.SettleAsync(request.ReservationId, 0.3m, Ct);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Ledger.SettleAsync(request.ReservationId, 0.3m, Ct)));
        var retriedReserve = await Ledger.ReserveAsync(request, Ct);

        Assert.True(first.Applied);
        Assert.All(retries, r => Assert.False(r.Applied));
        Assert.True(retriedReserve.Admitted);
        var usage = await UsageAsync(Alice);
        Assert.Equal(0.3m, usage.Spent);
        Assert.Equal(0m, usage.Reserved);
    }

    [Fact]
    public async Task An_expired_reservation_is_released_and_a_late_settle_is_still_charged()
    {
        var crashed = new BudgetReservationRequest("crashed-host", [new BudgetPoolLimit(Alice, 1m)], 1m, TimeSpan.FromSeconds(30));
        Assert.True((await Ledger.ReserveAsync(crashed, Ct)).Admitted);
        Assert.False((await Ledger.ReserveAsync(Request(0.1m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);

        Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(0m, (await UsageAsync(Alice)).Reserved);
        Assert.True((await Ledger.ReserveAsync(Request(0.1m, new BudgetPoolLimit(Alice, 1m)), Ct)).Admitted);
        Assert.True((await Ledger.SettleAsync("crashed-host", 0.25m, Ct)).Applied);
        var usage = await UsageAsync(Alice);
        Assert.Equal(0.25m, usage.Spent);
        Assert.Equal(0.1m, usage.Reserved);
    }

    [Fact]
    public async Task A_released_reservation_charges_nothing()
    {
        var request = Request(0.7m, new BudgetPoolLimit(Alice, 1m));
        await Ledger.ReserveAsync(request, Ct);

        Assert.True((await Ledger.ReleaseAsync(request.ReservationId, Ct)).Applied);
        Assert.False((await Ledger.SettleAsync(request.ReservationId, 0.7m, Ct)).Applied);

        Assert.Equal(new BudgetPoolUsage(Alice, "2026-11-25", 0m, 0m), await UsageAsync(Alice));
    }
}
