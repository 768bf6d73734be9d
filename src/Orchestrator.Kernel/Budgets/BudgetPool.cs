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

    // Every budgeted call reads its pools' ids and buckets (a gateway call: seven pools, several reads each); the pools of
    // a subject are reused across calls (BudgetLimits.For), so the strings are built once per pool and period instead
    // of on every read. The caches are immutable and checked against the pool, so a copy made with `with` recomputes.
    private Names? _names;
    private PeriodBucket? _bucket;

    /// <summary>Gets the pool id, <c>scope:name:period</c> in lower case (e.g. <c>user:alice:daily</c>).</summary>
    public string Id => CachedNames().Id;

    /// <summary>Gets the id of the pool that stands for everyone in this pool's scope and period (<c>user:*:daily</c>), or <see langword="null"/> for the global scope.</summary>
    public string? EveryoneId => CachedNames().EveryoneId;

    /// <summary>Gets the storage key of this pool in the period that contains <paramref name="at"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The pool id followed by the period key, e.g. <c>user:alice:daily:2026-11-25</c>.</returns>
    public string BucketAt(DateTimeOffset at, TimeZoneInfo timeZone) => CachedBucket(at, timeZone).Key;

    /// <summary>Gets the instant the period containing <paramref name="at"/> ends (<see cref="BudgetPeriods.EndOf"/>), from the same cache as <see cref="BucketAt"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <returns>The end of the period.</returns>
    internal DateTimeOffset PeriodEndAt(DateTimeOffset at, TimeZoneInfo timeZone) => CachedBucket(at, timeZone).End;

    /// <inheritdoc />
    public bool Equals(BudgetPool? other) =>
        other is not null && Scope == other.Scope && Period == other.Period && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Scope, Name, Period);

    /// <inheritdoc />
    public override string ToString() => Id;

    private Names CachedNames()
    {
        var names = _names;
        if (names is null || !names.IsFor(this))
        {
            names = new Names(this);
            _names = names;
        }

        return names;
    }

    private PeriodBucket CachedBucket(DateTimeOffset at, TimeZoneInfo timeZone)
    {
        var bucket = _bucket;
        if (bucket is null || !bucket.Covers(this, at, timeZone))
        {
            ArgumentNullException.ThrowIfNull(timeZone);
            bucket = new PeriodBucket(this, timeZone, BudgetPeriods.StartOf(Period, at, timeZone), BudgetPeriods.EndOf(Period, at, timeZone),
                $"{Id}:{BudgetPeriods.KeyOf(Period, at, timeZone)}");
            _bucket = bucket;
        }

        return bucket;
    }

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

    /// <summary>The pool's ids, built once; valid while the pool's scope, name and period are the ones it was built from.</summary>
    private sealed class Names(BudgetPool pool)
    {
        private readonly BudgetScope _scope = pool.Scope;
        private readonly string _name = pool.Name;
        private readonly BudgetPeriod _period = pool.Period;

        public string Id { get; } = string.Create(CultureInfo.InvariantCulture, $"{ScopeName(pool.Scope)}:{pool.Name}:{PeriodName(pool.Period)}");

        public string? EveryoneId { get; } = pool.Scope == BudgetScope.Global
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{ScopeName(pool.Scope)}:{BudgetLimitOptions.Everyone}:{PeriodName(pool.Period)}");

        public bool IsFor(BudgetPool pool) => pool.Scope == _scope && pool.Period == _period && string.Equals(pool.Name, _name, StringComparison.Ordinal);
    }

    /// <summary>The pool's bucket in one period: valid for instants in [start, end) in one time zone.</summary>
    private sealed class PeriodBucket(BudgetPool pool, TimeZoneInfo timeZone, DateTimeOffset start, DateTimeOffset end, string key)
    {
        private readonly Names _names = pool.CachedNames();

        public string Key => key;

        public DateTimeOffset End => end;

        public bool Covers(BudgetPool pool, DateTimeOffset at, TimeZoneInfo zone) =>
            ReferenceEquals(zone, timeZone) && at >= start && at < end && _names.IsFor(pool);
    }
}
