namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>Period boundaries computed in a time zone.</summary>
public sealed class BudgetPeriodsTests
{
    [Fact]
    public void A_midnight_that_DST_skips_starts_the_day_at_the_first_local_time_that_exists()
    {
        // Havana moves its clocks from 00:00 to 01:00 on the second Sunday of March (2026-03-08).
        var havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

        var start = BudgetPeriods.StartOf(BudgetPeriod.Daily, new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero), havana);
        var previousEnd = BudgetPeriods.EndOf(BudgetPeriod.Daily, new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero), havana);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(start, previousEnd);
        Assert.Equal("2026-03-08", BudgetPeriods.KeyOf(BudgetPeriod.Daily, start, havana));
        Assert.Equal("2026-03-07", BudgetPeriods.KeyOf(BudgetPeriod.Daily, start.AddTicks(-1), havana));
    }
}
