namespace Orchestrator.Agents;

/// <summary>Settings of the agent runtime, bound from <c>Orchestrator:Agents</c>.</summary>
public sealed class AgentsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orchestrator:Agents";

    /// <summary>Gets or sets the turn cap of a run whose definition sets no <c>MaxTurns</c> (group chats have no natural end).</summary>
    public int DefaultMaxTurns { get; set; } = 20;

    /// <summary>Gets or sets how many times the research group's writer may revise after the critic's review.</summary>
    public int MaxRevisions { get; set; } = 2;

    /// <summary>Gets or sets the directory of run checkpoints; <see langword="null"/> keeps them in memory.</summary>
    public string? CheckpointDirectory { get; set; }
}
