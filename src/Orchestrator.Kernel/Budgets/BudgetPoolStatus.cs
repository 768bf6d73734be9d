namespace Orchestrator.Budgets;

/// <summary>A pool's cap, spend and what is left, now.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="PeriodKey">The current period, e.g. <c>2026-11-25</c>.</param>
/// <param name="Limit">The cap in force in US dollars (configured or set through the API); <see langword="null"/> when the pool is unlimited.</param>
/// <param name="Spent">Settled spend this period.</param>
/// <param name="Reserved">Held for calls in flight.</param>
public sealed record BudgetPoolStatus(BudgetPool Pool, string PeriodKey, decimal? Limit, decimal Spent, decimal Reserved)
{
    /// <summary>Gets what can still be reserved this period (never negative); <see langword="null"/> when unlimited.</summary>
    public decimal? Remaining => Limit is { } limit ? Math.Max(0m, limit - Spent - Reserved) : null;

    /// <summary>Gets the spend as a percentage of the cap; <see langword="null"/> when unlimited.</summary>
    public decimal? UtilizationPercent => Limit is { } limit ? (limit <= 0 ? 100m : Math.Round(Spent * 100m / limit, 2)) : null;
}
