namespace Orchestrator.Budgets;

/// <summary>A pool's state in its current period, with the period's bounds, as mirrored for reporting and metrics.</summary>
/// <param name="Status">The pool's cap (none when unlimited), spend and holds.</param>
/// <param name="PeriodStart">The instant the period started (a local midnight in the configured zone).</param>
/// <param name="PeriodEnd">The instant the period ends.</param>
public sealed record BudgetPoolSnapshot(BudgetPoolStatus Status, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd);
