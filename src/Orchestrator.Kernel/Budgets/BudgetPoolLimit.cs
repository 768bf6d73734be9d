namespace Orchestrator.Budgets;

/// <summary>A pool and its spending cap for one period.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="Limit">The most the pool may spend in one period, in US dollars.</param>
public sealed record BudgetPoolLimit(BudgetPool Pool, decimal Limit);
