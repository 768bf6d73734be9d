namespace Orchestrator.Agents;

/// <summary>
/// Stops once the run has cost an amount, mid-stream if need be: finished calls count at their metered cost (the same
/// figure the budget ledger settles), the streaming turn at its prompt plus the tokens received at its model's prices.
/// </summary>
/// <param name="maxCostUsd">The allowance in USD (above 0).</param>
public sealed class MaxCostTermination(decimal maxCostUsd) : TerminationCondition
{
    /// <summary>Gets the allowance in USD.</summary>
    public decimal MaxCostUsd { get; } = maxCostUsd > 0 ? maxCostUsd : throw new ArgumentOutOfRangeException(nameof(maxCostUsd), maxCostUsd, "MaxCostUsd must be above 0.");

    /// <inheritdoc />
    public override string? CheckProgress(RunProgress progress) => progress.CostUsd >= MaxCostUsd ? TerminationReasons.MaxCost : null;
}
