namespace Orchestrator.Agents;

/// <summary>Stops after a number of agent turns.</summary>
/// <param name="maxTurns">The turn limit (at least 1).</param>
public sealed class MaxTurnsTermination(int maxTurns) : TerminationCondition
{
    /// <summary>Gets the turn limit.</summary>
    public int MaxTurns { get; } = maxTurns > 0 ? maxTurns : throw new ArgumentOutOfRangeException(nameof(maxTurns), maxTurns, "MaxTurns must be at least 1.");

    /// <inheritdoc />
    public override string? CheckProgress(RunProgress progress) => progress.Turns >= MaxTurns ? TerminationReasons.MaxTurns : null;
}
