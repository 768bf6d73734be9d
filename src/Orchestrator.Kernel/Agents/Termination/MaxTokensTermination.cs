namespace Orchestrator.Agents;

/// <summary>Stops once the run has used a number of tokens (input plus output), mid-stream if need be.</summary>
/// <param name="maxTokens">The allowance (at least 1).</param>
public sealed class MaxTokensTermination(long maxTokens) : TerminationCondition
{
    /// <summary>Gets the allowance.</summary>
    public long MaxTokens { get; } = maxTokens > 0 ? maxTokens : throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "MaxTokens must be at least 1.");

    /// <inheritdoc />
    public override string? CheckProgress(RunProgress progress) => progress.Tokens >= MaxTokens ? TerminationReasons.MaxTokens : null;
}
