namespace Orchestrator.Budgets;

/// <summary>A pool's spend crossed a threshold (80, 90 or 95 percent) for the first time in a period.</summary>
/// <param name="Pool">The pool id, e.g. <c>user:alice:daily</c>.</param>
/// <param name="PeriodKey">The period, e.g. <c>2026-11-25</c>.</param>
/// <param name="ThresholdPercent">80, 90 or 95.</param>
/// <param name="Spent">The pool's spend when the threshold was crossed, in US dollars.</param>
/// <param name="Limit">The pool's cap, in US dollars.</param>
public sealed record BudgetAlert(string Pool, string PeriodKey, int ThresholdPercent, decimal Spent, decimal Limit)
{
    /// <summary>Gets the thresholds, in percent of the cap, at which alerts fire.</summary>
    public static IReadOnlyList<int> Thresholds { get; } = [80, 90, 95];
}
