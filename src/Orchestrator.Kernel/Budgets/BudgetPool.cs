using System.Globalization;

namespace Orchestrator.Budgets;

/// <summary>One budget pool: a scope, the name within it (a user id, a team, a tier number) and a period.</summary>
/// <param name="Scope">Who the pool belongs to.</param>
/// <param name="Name">The user id, team name or tier number; <c>all</c> for the global pool.</param>
/// <param name="Period">How long spend accumulates.</param>
public sealed record BudgetPool(BudgetScope Scope, string Name, BudgetPeriod Period)
{
    /// <summary>Gets the name of the global pool.</summary>
    public const string GlobalName = "all";

    /// <summary>Gets the pool id, <c>scope:name:period</c> in lower case (e.g. <c>user:alice:daily</c>).</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{ScopeName(Scope)}:{Name}:{PeriodName(Period)}");

    /// <summary>Gets the id of the pool that stands for everyone in this pool's scope and period (<c>user:*:daily</c>), or <see langword="null"/> for the global scope.</summary>
    public string? EveryoneId => Scope == BudgetScope.Global ? null : string.Create(CultureInfo.InvariantCulture, $"{ScopeName(Scope)}:{BudgetLimitOptions.Everyone}:{PeriodName(Period)}");

    /// <summary>Gets the storage key of this pool in the period that contains <paramref name="at"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The pool id followed by the period key, e.g. <c>user:alice:daily:2026-11-25</c>.</returns>
    public string BucketAt(DateTimeOffset at, TimeZoneInfo timeZone) => $"{Id}:{BudgetPeriods.KeyOf(Period, at, timeZone)}";

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>Parses a bucket (<c>scope:name:period:periodKey</c>) back into its pool and period key.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <returns>The pool and the period key.</returns>
    internal static (BudgetPool Pool, string PeriodKey) ParseBucket(string bucket)
    {
        var last = bucket.LastIndexOf(':');
        return (ParseId(bucket[..last]), bucket[(last + 1)..]);
    }

    /// <summary>Parses a pool id (<c>scope:name:period</c>).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The pool.</returns>
    internal static BudgetPool ParseId(string id)
    {
        var periodAt = id.LastIndexOf(':');
        var first = id.IndexOf(':', StringComparison.Ordinal);
        var scope = id[..first] switch { "user" => BudgetScope.User, "team" => BudgetScope.Team, "tier" => BudgetScope.Tier, _ => BudgetScope.Global };
        var period = id[(periodAt + 1)..] switch { "daily" => BudgetPeriod.Daily, "weekly" => BudgetPeriod.Weekly, _ => BudgetPeriod.Monthly };
        return new BudgetPool(scope, id[(first + 1)..periodAt], period);
    }

    /// <summary>Gets the lower-case name of a scope as used in pool ids and the REST API.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The name.</returns>
    public static string ScopeName(BudgetScope scope) => scope switch
    {
        BudgetScope.User => "user",
        BudgetScope.Team => "team",
        BudgetScope.Tier => "tier",
        _ => "global",
    };

    /// <summary>Gets the lower-case name of a period as used in pool ids and the REST API.</summary>
    /// <param name="period">The period.</param>
    /// <returns>The name.</returns>
    public static string PeriodName(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Daily => "daily",
        BudgetPeriod.Weekly => "weekly",
        _ => "monthly",
    };
}
