namespace Orchestrator.Tools;

/// <summary>Asks a human (or a policy standing in for one) whether a tool call that requires approval may run. The host provides it.</summary>
public interface IToolApprovalService
{
    /// <summary>Decides on one call; may wait for a person.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled wait is not an approval.</param>
    /// <returns>The decision.</returns>
    ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A tool call waiting for approval.</summary>
/// <param name="Workbench">The workbench it is made through.</param>
/// <param name="AgentName">The agent making it.</param>
/// <param name="Tool">The tool.</param>
/// <param name="Arguments">The arguments the model chose.</param>
public sealed record ToolApprovalRequest(string Workbench, string AgentName, ToolDescriptor Tool, IReadOnlyDictionary<string, object?> Arguments);

/// <summary>The answer to a <see cref="ToolApprovalRequest"/>.</summary>
/// <param name="Approved">Whether the call may run.</param>
/// <param name="Reason">Why (shown to the model and logged when denied).</param>
public sealed record ToolApprovalDecision(bool Approved, string? Reason = null)
{
    /// <summary>Gets an approval.</summary>
    public static ToolApprovalDecision Approve { get; } = new(true);

    /// <summary>Creates a denial.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static ToolApprovalDecision Deny(string reason) => new(false, reason);
}
