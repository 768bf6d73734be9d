namespace Orchestrator.Tools;

/// <summary>The result of a tool call through a workbench.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Value">What the tool returned, when it ran.</param>
/// <param name="Message">Why it was refused or failed (also what the model sees for a refusal).</param>
public sealed record ToolCallResult(ToolCallOutcome Outcome, object? Value, string? Message)
{
    /// <summary>Gets a value indicating whether the call was refused before the tool ran.</summary>
    public bool IsRefused => Outcome >= ToolCallOutcome.RefusedNotInWorkbench;
}
