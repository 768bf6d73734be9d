namespace Orchestrator.Agents;

/// <summary>Stops as soon as an agent's output contains a text (ordinal, case-insensitive), mid-stream: the rest of that reply is never generated.</summary>
/// <param name="text">The text, for example <c>APPROVED</c>.</param>
public sealed class TextMatchTermination(string text) : TerminationCondition
{
    /// <summary>Gets the text.</summary>
    public string Text { get; } = string.IsNullOrWhiteSpace(text) ? throw new ArgumentException("The stop text must not be empty.", nameof(text)) : text;

    /// <inheritdoc />
    public override string? CheckProgress(RunProgress progress) =>
        progress.CurrentText.Contains(Text, StringComparison.OrdinalIgnoreCase) ? TerminationReasons.TextMatch : null;

    /// <inheritdoc />
    public override ValueTask<string?> CheckMessageAsync(RunProgress progress, AgentMessage message, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(message.Content.Contains(Text, StringComparison.OrdinalIgnoreCase) ? TerminationReasons.TextMatch : null);
}
