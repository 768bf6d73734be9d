using System.Collections.Concurrent;
using System.Globalization;

namespace Orchestrator.Budgets;

/// <summary>
/// The configured limits (<c>Orchestrator:Budgets:Limits</c>), which decide the pools a request counts against. Limits
/// set at run time live in the ledger (<see cref="IBudgetLimitStore"/>) and override these; the ledger resolves both
/// when it checks a request.
/// </summary>
public sealed class BudgetLimits
{
    private static readonly BudgetPeriod[] Periods = [BudgetPeriod.Daily, BudgetPeriod.Weekly, BudgetPeriod.Monthly];

    // The pools of a subject depend only on the configured limits, which never change after start: every budgeted call
    // asks for them, so they are built once per subject (bounded; the cache starts over when full).
    private const int MaxCachedSubjects = 10_000;
    private readonly ConcurrentDictionary<BudgetSubject, BudgetPoolLimit[]> _bySubject = new();
    private readonly BudgetLimitOptions[] _limits;
    private int _cachedSubjects;

    /// <summary>Initializes a new instance of the <see cref="BudgetLimits"/> class.</summary>
    /// <param name="configured">The configured limits.</param>
    public BudgetLimits(IEnumerable<BudgetLimitOptions> configured) =>
        _limits = [.. configured.Select(l => new BudgetLimitOptions { Scope = l.Scope, Name = l.Name, Period = l.Period, Limit = l.Limit })];

    /// <summary>Gets every configured limit.</summary>
    public IReadOnlyList<BudgetLimitOptions> Configured => _limits;

    /// <summary>
    /// Gets every pool a request for <paramref name="subject"/> counts against, with its configured cap. The user's and
    /// the tier's pools of every period are always included (unlimited ones only record spend, so reports see every
    /// user and tier, and a limit set at run time applies at once); team and global pools when configured.
    /// </summary>
    /// <param name="subject">Whom the request is for.</param>
    /// <returns>The pools; empty when the subject names no user or tier and no team or global limit applies.</returns>
    public IReadOnlyList<BudgetPoolLimit> For(BudgetSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_bySubject.TryGetValue(subject, out var cached))
        {
            return cached;
        }

        var result = new List<BudgetPoolLimit>(10);
        Add(result, BudgetScope.User, subject.UserId, always: true);
        Add(result, BudgetScope.Team, subject.TeamId, always: false);
        Add(result, BudgetScope.Tier, subject.Tier?.ToString(CultureInfo.InvariantCulture), always: true);
        Add(result, BudgetScope.Global, BudgetPool.GlobalName, always: false);
        BudgetPoolLimit[] pools = [.. result];
        if (Interlocked.Increment(ref _cachedSubjects) > MaxCachedSubjects)
        {
            _bySubject.Clear();
            Interlocked.Exchange(ref _cachedSubjects, 0);
        }

        _bySubject.TryAdd(subject, pools);
        return pools;
    }

    /// <summary>Gets the configured cap of a pool: its named limit, else the scope's <c>*</c> limit, else none.</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>The pool with its configured cap.</returns>
    public BudgetPoolLimit ConfiguredFor(BudgetPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        BudgetLimitOptions? everyone = null;
        foreach (var limit in _limits)
        {
            if (limit.Scope != pool.Scope || limit.Period != pool.Period)
            {
                continue;
            }

            if (pool.Scope == BudgetScope.Global || string.Equals(limit.Name, pool.Name, StringComparison.Ordinal))
            {
                return new BudgetPoolLimit(pool, limit.Limit);
            }

            if (everyone is null && limit.Name == BudgetLimitOptions.Everyone)
            {
                everyone = limit;
            }
        }

        return new BudgetPoolLimit(pool, everyone?.Limit) { FromEveryone = everyone is not null };
    }

    /// <summary>Adds the scope's pools of every period: all of them when <paramref name="always"/>, else those with a configured limit.</summary>
    private void Add(List<BudgetPoolLimit> result, BudgetScope scope, string? name, bool always)
    {
        if (name is null)
        {
            return;
        }

        foreach (var period in Periods)
        {
            var pool = ConfiguredFor(new BudgetPool(scope, name, period));
            if (always || pool.Limit is not null)
            {
                result.Add(pool);
            }
        }
    }
}
