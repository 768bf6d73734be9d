namespace Orchestrator.Budgets;

/// <summary>The outcome of settling or releasing a reservation.</summary>
/// <param name="Applied">False when the reservation had already been settled or released (a retry): nothing changed.</param>
/// <param name="Alerts">Thresholds this settlement crossed for the first time in their pool and period.</param>
public sealed record BudgetSettlement(bool Applied, IReadOnlyList<BudgetAlert> Alerts)
{
    /// <summary>Gets the result of a settlement that had already been applied.</summary>
    public static BudgetSettlement Duplicate { get; } = new(false, []);
}
