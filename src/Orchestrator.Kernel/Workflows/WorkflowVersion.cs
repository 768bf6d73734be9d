using Orchestrator.Agents;

namespace Orchestrator.Workflows;

/// <summary>One stored version of a workflow (a row of <c>workflow_versions</c>).</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Version">The version label (<c>v1</c>, <c>v2</c>...).</param>
/// <param name="ContentHash">The SHA-256 of the definition's canonical JSON; an unchanged definition keeps its version.</param>
/// <param name="Definition">The definition.</param>
/// <param name="Description">A note on what changed, if given.</param>
/// <param name="TrafficShare">The weight of this version in the workflow's experiment, 0-1.</param>
/// <param name="IsActive">Whether the version takes traffic at all.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WorkflowVersion(
    string WorkflowId,
    string Version,
    string ContentHash,
    WorkflowDefinition Definition,
    string? Description,
    double TrafficShare,
    bool IsActive,
    DateTimeOffset CreatedAt);
