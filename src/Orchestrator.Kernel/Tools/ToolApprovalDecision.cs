namespace Orchestrator.Tools;

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
