using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Period boundaries in a configured time zone, on the days DST makes 23 and 25 hours long.</summary>
public abstract partial class BudgetLedgerConformance
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Creates another ledger on this backend whose periods follow <paramref name="zone"/>; the test class disposes it.</summary>
    protected abstract IBudgetLedger CreateLedger(TimeZoneInfo zone, TimeProvider time);

    public static TheoryData<string, string, string, string, double> DstDays => new()
    {
        // Paris day, its first instant (UTC), the next day's first instant (UTC), the next day, its length in hours.
        { "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "2026-03-30", 23 },
        { "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-26", 25 },
    };

    [Theory]
    [MemberData(nameof(DstDays))]
    public async Task A_daily_pool_in_a_DST_zone_runs_from_local_midnight_to_local_midnight(string day, string starts, string ends, string nextDay, double hours)
    {
        var start = DateTimeOffset.Parse(starts, System.Globalization.CultureInfo.InvariantCulture);
        var time = new FakeTimeProvider(start.AddSeconds(-1));
        var ledger = CreateLedger(Paris, time);
        var end = DateTimeOffset.Parse(ends, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(start, BudgetPeriods.StartOf(BudgetPeriod.Daily, start.AddHours(12), Paris));
        Assert.Equal(end, BudgetPeriods.EndOf(BudgetPeriod.Daily, start.AddHours(12), Paris));
        Assert.Equal(hours, (end - start).TotalHours);

        async Task SpendAsync(DateTimeOffset at, decimal amount)
        {
            time.SetUtcNow(at);
            var request = Request(amount, new BudgetPoolLimit(Alice, 1m));
            Assert.True((await ledger.ReserveAsync(request, Ct)).Admitted);
            await ledger.SettleAsync(request.ReservationId, amount, Ct);
        }

        await SpendAsync(start.AddSeconds(-1), 0.01m);
        await SpendAsync(start, 0.1m);
        await SpendAsync(end.AddSeconds(-1), 0.2m);
        await SpendAsync(end, 0.4m);

        var before = (await ledger.GetUsageAsync([Alice], start.AddSeconds(-1), Ct)).Single();
        var during = (await ledger.GetUsageAsync([Alice], start.AddHours(hours / 2), Ct)).Single();
        var after = (await ledger.GetUsageAsync([Alice], end, Ct)).Single();
        Assert.Equal(0.01m, before.Spent);
        Assert.Equal(new BudgetPoolUsage(Alice, day, 0.3m, 0m), during);
        Assert.Equal(new BudgetPoolUsage(Alice, nextDay, 0.4m, 0m), after);
    }

    [Fact]
    public async Task A_call_reserved_in_the_last_second_of_a_25_hour_day_is_charged_to_that_day()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 22, 59, 59, TimeSpan.Zero));
        var ledger = CreateLedger(Paris, time);
        var request = Request(0.5m, new BudgetPoolLimit(Alice, 1m));
        await ledger.ReserveAsync(request, Ct);

        time.Advance(TimeSpan.FromMinutes(5));
        await ledger.SettleAsync(request.ReservationId, 0.3m, Ct);

        Assert.Equal(new BudgetPoolUsage(Alice, "2026-10-25", 0.3m, 0m), (await ledger.GetUsageAsync([Alice], time.GetUtcNow().AddHours(-1), Ct)).Single());
        Assert.Equal(0m, (await ledger.GetUsageAsync([Alice], null, Ct)).Single().Spent);
    }
}
