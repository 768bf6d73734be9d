namespace Orchestrator.Agents;

/// <summary>
/// A versionable description of an agent group: its agents, how they are composed and when a run stops.
/// It is plain data (JSON-serializable) so it can be stored in <c>workflow_versions.definition</c>, hashed and compared.
/// </summary>
/// <param name="Name">The workflow id (for example <c>research</c>).</param>
/// <param name="Pattern">How the agents are composed: <c>sequential</c>, <c>concurrent</c>, <c>handoff</c>, <c>group_chat</c> or <c>research</c>.</param>
/// <param name="Agents">The agents, in pattern order (the first is the entry agent for handoff).</param>
/// <param name="Termination">When a run stops.</param>
public sealed record WorkflowDefinition(
    string Name,
    string Pattern,
    IReadOnlyList<AgentDefinition> Agents,
    TerminationDefinition Termination);

/// <summary>One agent of a <see cref="WorkflowDefinition"/>.</summary>
/// <param name="Name">The agent's name, unique within the workflow.</param>
/// <param name="Instructions">Its system instructions.</param>
/// <param name="Tier">The routing tier its turns ask for, or <see langword="null"/> for the router's default.</param>
/// <param name="Model">A specific model its turns ask for, or <see langword="null"/>.</param>
/// <param name="PrivacyMode">Its privacy mode (as the router names it), or <see langword="null"/> for the default.</param>
/// <param name="Workbench">The name of the workbench whose tools it may see and call, or <see langword="null"/> for none.</param>
public sealed record AgentDefinition(
    string Name,
    string Instructions,
    string? Tier = null,
    string? Model = null,
    string? PrivacyMode = null,
    string? Workbench = null);

/// <summary>The termination conditions of a run; every one that is set applies (the first to fire stops the run).</summary>
/// <param name="MaxTurns">Stop after this many agent turns.</param>
/// <param name="MaxTokens">Stop once the run has used this many tokens (input plus output).</param>
/// <param name="MaxCostUsd">Stop once the run has cost this much.</param>
/// <param name="TextMatch">Stop when an agent's output contains this text (for example <c>APPROVED</c>).</param>
/// <param name="ToolCallMatch">Stop when an agent calls the tool of this name.</param>
/// <param name="Timeout">Stop when the run has lasted this long.</param>
/// <param name="JudgeApprovalThreshold">Stop when the judge scores the latest output at or above this (0-1).</param>
public sealed record TerminationDefinition(
    int? MaxTurns = null,
    long? MaxTokens = null,
    decimal? MaxCostUsd = null,
    string? TextMatch = null,
    string? ToolCallMatch = null,
    TimeSpan? Timeout = null,
    double? JudgeApprovalThreshold = null);
