using System.Globalization;

namespace Orchestrator.Budgets;

/// <summary>
/// The limits in force: those configured in <c>Orchestrator:Budgets:Limits</c>, changed at run time through the
/// Budget API. Decides which pools a request counts against.
/// </summary>
public sealed class BudgetLimits
{
    private readonly Lock _gate = new();
    private List<BudgetLimitOptions> _limits;

    /// <summary>Initializes a new instance of the <see cref="BudgetLimits"/> class.</summary>
    /// <param name="configured">The configured limits.</param>
    public BudgetLimits(IEnumerable<BudgetLimitOptions> configured) => _limits = [.. configured.Select(Copy)];

    /// <summary>Gets a snapshot of every limit.</summary>
    public IReadOnlyList<BudgetLimitOptions> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _limits.Select(Copy)];
            }
        }
    }

    /// <summary>Adds a limit, or replaces the one with the same scope, name and period.</summary>
    /// <param name="limit">The limit.</param>
    public void Set(BudgetLimitOptions limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        lock (_gate)
        {
            _limits = [.. _limits.Where(l => !Same(l, limit.Scope, limit.Name, limit.Period)), Copy(limit)];
        }
    }

    /// <summary>Removes a limit.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="name">The user, team or tier.</param>
    /// <param name="period">The period.</param>
    /// <returns><see langword="true"/> when a limit was removed.</returns>
    public bool Remove(BudgetScope scope, string name, BudgetPeriod period)
    {
        lock (_gate)
        {
            var before = _limits.Count;
            _limits = [.. _limits.Where(l => !Same(l, scope, name, period))];
            return _limits.Count != before;
        }
    }

    /// <summary>Gets every pool a request for <paramref name="subject"/> counts against, with its cap.</summary>
    /// <param name="subject">Whom the request is for.</param>
    /// <returns>The pools; empty when no limit applies.</returns>
    public IReadOnlyList<BudgetPoolLimit> For(BudgetSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var limits = All;
        var tier = subject.Tier?.ToString(CultureInfo.InvariantCulture);
        var result = new List<BudgetPoolLimit>();
        foreach (var limit in limits)
        {
            var name = limit.Scope switch
            {
                BudgetScope.Global => BudgetPool.GlobalName,
                BudgetScope.User => Resolve(limits, limit, subject.UserId),
                BudgetScope.Team => Resolve(limits, limit, subject.TeamId),
                _ => Resolve(limits, limit, tier),
            };
            if (name is not null)
            {
                result.Add(new BudgetPoolLimit(new BudgetPool(limit.Scope, name, limit.Period), limit.Limit));
            }
        }

        return result;
    }

    private static string? Resolve(IReadOnlyList<BudgetLimitOptions> limits, BudgetLimitOptions limit, string? who)
    {
        if (who is null)
        {
            return null;
        }

        if (string.Equals(limit.Name, who, StringComparison.Ordinal))
        {
            return who;
        }

        // "*" applies to everyone without a limit of their own for the same period.
        return limit.Name == BudgetLimitOptions.Everyone && !limits.Any(l => Same(l, limit.Scope, who, limit.Period)) ? who : null;
    }

    private static bool Same(BudgetLimitOptions limit, BudgetScope scope, string name, BudgetPeriod period) =>
        limit.Scope == scope && limit.Period == period && string.Equals(limit.Name, name, StringComparison.Ordinal);

    private static BudgetLimitOptions Copy(BudgetLimitOptions l) => new() { Scope = l.Scope, Name = l.Name, Period = l.Period, Limit = l.Limit };
}
