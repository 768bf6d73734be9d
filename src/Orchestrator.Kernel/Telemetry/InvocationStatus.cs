namespace Orchestrator.Telemetry;

/// <summary>How a model call ended.</summary>
public enum InvocationStatus
{
    /// <summary>The call completed.</summary>
    Succeeded,

    /// <summary>The call failed; see the error kind.</summary>
    Failed,

    /// <summary>The caller cancelled the call; what streamed before is charged.</summary>
    Cancelled,
}
