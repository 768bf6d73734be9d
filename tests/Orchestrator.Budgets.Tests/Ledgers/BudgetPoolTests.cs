namespace Orchestrator.Budgets.Tests.Ledgers;

/// <summary>A pool's ids and buckets are built once and reused; what it answers must not depend on that.</summary>
public sealed class BudgetPoolTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    [Fact]
    public void A_copy_with_another_name_answers_its_own_id_and_bucket_and_equality_ignores_what_was_built()
    {
        var alice = new BudgetPool(BudgetScope.User, "alice", BudgetPeriod.Daily);
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("user:alice:daily:2026-11-25", alice.BucketAt(at, Utc));

        var bob = alice with { Name = "bob" };

        Assert.Equal("user:bob:daily", bob.Id);
        Assert.Equal("user:bob:daily:2026-11-25", bob.BucketAt(at, Utc));
        Assert.Equal("user:*:daily", bob.EveryoneId);
        Assert.Equal(new BudgetPool(BudgetScope.User, "alice", BudgetPeriod.Daily), alice);
        Assert.Equal(new BudgetPool(BudgetScope.User, "alice", BudgetPeriod.Daily).GetHashCode(), alice.GetHashCode());
        Assert.NotEqual(alice, bob);
    }

    [Fact]
    public void The_bucket_follows_the_period_and_the_time_zone_of_each_call()
    {
        var weekly = new BudgetPool(BudgetScope.Tier, "2", BudgetPeriod.Weekly);
        var sunday = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        Assert.Equal("tier:2:weekly:2026-W48", weekly.BucketAt(sunday, Utc));
        Assert.Equal("tier:2:weekly:2026-W49", weekly.BucketAt(sunday.AddHours(1), Utc));
        Assert.Equal("tier:2:weekly:2026-W48", weekly.BucketAt(sunday.AddMinutes(-1), Utc));
        Assert.Equal("tier:2:weekly:2026-W49", weekly.BucketAt(sunday, tokyo));
        Assert.Equal(BudgetPeriods.EndOf(BudgetPeriod.Weekly, sunday, tokyo), weekly.PeriodEndAt(sunday, tokyo));
        Assert.Equal(BudgetPeriods.EndOf(BudgetPeriod.Weekly, sunday, Utc), weekly.PeriodEndAt(sunday, Utc));
    }
}
