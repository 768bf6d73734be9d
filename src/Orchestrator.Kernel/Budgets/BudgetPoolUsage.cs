namespace Orchestrator.Budgets;

/// <summary>A pool's spend in its current period.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="PeriodKey">The current period, e.g. <c>2026-11-25</c>.</param>
/// <param name="Spent">Settled spend in US dollars.</param>
/// <param name="Reserved">Held for calls in flight, in US dollars.</param>
public sealed record BudgetPoolUsage(BudgetPool Pool, string PeriodKey, decimal Spent, decimal Reserved);
