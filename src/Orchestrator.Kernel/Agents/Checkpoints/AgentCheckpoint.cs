using Orchestrator.Usage;

namespace Orchestrator.Agents;

/// <summary>
/// The saved state of a group run after a turn: enough to resume it in another process with the same definition.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Workflow">The workflow name.</param>
/// <param name="Input">The run's input.</param>
/// <param name="Messages">Every agent message so far, in order.</param>
/// <param name="Turns">Agent turns taken.</param>
/// <param name="Usage">The tokens and cost of every model call so far.</param>
/// <param name="NextAgent">The agent due to speak next (handoff, selected group chat), or <see langword="null"/> when the pattern derives it.</param>
/// <param name="Reason">Why the run stopped, or <see langword="null"/> while it runs (or when it died mid-turn).</param>
/// <param name="SavedAt">When this was saved.</param>
public sealed record AgentCheckpoint(
    string RunId,
    string Workflow,
    string Input,
    IReadOnlyList<AgentMessage> Messages,
    int Turns,
    InvocationUsage Usage,
    string? NextAgent,
    string? Reason,
    DateTimeOffset SavedAt);
