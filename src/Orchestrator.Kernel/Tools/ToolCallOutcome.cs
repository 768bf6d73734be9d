namespace Orchestrator.Tools;

/// <summary>How a tool call through a workbench ended.</summary>
public enum ToolCallOutcome
{
    /// <summary>The tool ran and returned.</summary>
    Succeeded,

    /// <summary>The tool ran and threw.</summary>
    Failed,

    /// <summary>Refused: the tool is not in the agent's workbench.</summary>
    RefusedNotInWorkbench,

    /// <summary>Refused: no tool of that name is registered here, or it is disabled.</summary>
    RefusedUnavailable,

    /// <summary>Refused: the tool requires approval and no approval service is configured.</summary>
    RefusedApprovalUnavailable,

    /// <summary>Refused: the approver said no.</summary>
    RefusedApprovalDenied,

    /// <summary>Refused: a budget pool has no room.</summary>
    RefusedBudget,
}

/// <summary>The result of a tool call through a workbench.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Value">What the tool returned, when it ran.</param>
/// <param name="Message">Why it was refused or failed (also what the model sees for a refusal).</param>
public sealed record ToolCallResult(ToolCallOutcome Outcome, object? Value, string? Message)
{
    /// <summary>Gets a value indicating whether the call was refused before the tool ran.</summary>
    public bool IsRefused => Outcome >= ToolCallOutcome.RefusedNotInWorkbench;
}
