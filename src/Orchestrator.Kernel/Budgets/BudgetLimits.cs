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
    private readonly BudgetLimitOptions[] _limits;

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
        var result = new List<BudgetPoolLimit>();
        AddAlways(result, BudgetScope.User, subject.UserId);
        AddConfigured(result, BudgetScope.Team, subject.TeamId);
        AddAlways(result, BudgetScope.Tier, subject.Tier?.ToString(CultureInfo.InvariantCulture));
        AddConfigured(result, BudgetScope.Global, BudgetPool.GlobalName);
        return result;
    }

    /// <summary>Gets the configured cap of a pool: its named limit, else the scope's <c>*</c> limit, else none.</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>The pool with its configured cap.</returns>
    public BudgetPoolLimit ConfiguredFor(BudgetPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var named = _limits.FirstOrDefault(l => l.Scope == pool.Scope && l.Period == pool.Period && (pool.Scope == BudgetScope.Global || string.Equals(l.Name, pool.Name, StringComparison.Ordinal)));
        if (named is not null)
        {
            return new BudgetPoolLimit(pool, named.Limit);
        }

        var everyone = _limits.FirstOrDefault(l => l.Scope == pool.Scope && l.Period == pool.Period && l.Name == BudgetLimitOptions.Everyone);
        return new BudgetPoolLimit(pool, everyone?.Limit) { FromEveryone = everyone is not null };
    }

    private void AddAlways(List<BudgetPoolLimit> result, BudgetScope scope, string? name)
    {
        if (name is not null)
        {
            result.AddRange(Periods.Select(p => ConfiguredFor(new BudgetPool(scope, name, p))));
        }
    }

    private void AddConfigured(List<BudgetPoolLimit> result, BudgetScope scope, string? name)
    {
        if (name is not null)
        {
            result.AddRange(Periods.Select(p => ConfiguredFor(new BudgetPool(scope, name, p))).Where(p => p.Limit is not null));
        }
    }
}
