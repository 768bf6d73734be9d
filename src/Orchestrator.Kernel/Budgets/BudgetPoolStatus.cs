namespace Orchestrator.Budgets;

/// <summary>A pool's cap, spend and what is left, now.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="PeriodKey">The current period, e.g. <c>2026-11-25</c>.</param>
/// <param name="Limit">The cap in US dollars.</param>
/// <param name="Spent">Settled spend this period.</param>
/// <param name="Reserved">Held for calls in flight.</param>
public sealed record BudgetPoolStatus(BudgetPool Pool, string PeriodKey, decimal Limit, decimal Spent, decimal Reserved)
{
    /// <summary>Gets what can still be reserved this period (never negative).</summary>
    public decimal Remaining => Math.Max(0m, Limit - Spent - Reserved);

    /// <summary>Gets the spend as a percentage of the cap.</summary>
    public decimal UtilizationPercent => Limit <= 0 ? 100m : Math.Round(Spent * 100m / Limit, 2);
}
