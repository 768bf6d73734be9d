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
