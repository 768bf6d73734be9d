namespace Orchestrator.Agents;

/// <summary>Stops when an agent calls a tool of a given name, before the tool runs.</summary>
/// <param name="toolName">The tool name (ordinal).</param>
public sealed class ToolCallTermination(string toolName) : TerminationCondition
{
    /// <summary>Gets the tool name.</summary>
    public string ToolName { get; } = string.IsNullOrWhiteSpace(toolName) ? throw new ArgumentException("The tool name must not be empty.", nameof(toolName)) : toolName;

    /// <inheritdoc />
    public override string? CheckToolCall(RunProgress progress, string toolName) =>
        string.Equals(toolName, ToolName, StringComparison.Ordinal) ? TerminationReasons.ToolCallMatch : null;
}
