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
