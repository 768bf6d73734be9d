namespace Orchestrator.Agents;

/// <summary>
/// The ready-made research group (the specification's pattern): a planner breaks the question down, a researcher
/// gathers evidence with its workbench's tools (RAG search, MCP tools), a writer answers from that evidence with
/// citations, and a critic reviews; the writer revises until the critic says <c>APPROVED</c> (or the revisions run out).
/// </summary>
public static class ResearchWorkflow
{
    /// <summary>The name of the researcher's workbench unless another is given.</summary>
    public const string DefaultWorkbench = "research";

    /// <summary>Builds the definition.</summary>
    /// <param name="name">The workflow id.</param>
    /// <param name="workbench">The researcher's workbench (its tools: RAG search, MCP tools).</param>
    /// <param name="termination">When a run stops, or <see langword="null"/> for at most 8 turns.</param>
    /// <param name="writerTier">The writer's routing tier (0-3 or a tier name), or <see langword="null"/> for the router's default.</param>
    /// <returns>The definition.</returns>
    public static WorkflowDefinition Create(string name = "research", string workbench = DefaultWorkbench, TerminationDefinition? termination = null, string? writerTier = null) =>
        new(
            name,
            AgentPatterns.Research,
            [
                new AgentDefinition("planner", "You plan research. Break the user's question into two or three concrete sub-questions to look up. Reply with the numbered list only."),
                new AgentDefinition("researcher", "You research. For each sub-question in the plan, call your search tools and report the relevant passages with their sources. Report only what the tools returned.", Workbench: workbench),
                new AgentDefinition("writer", "You write the answer. Answer the user's question from the researcher's findings only, citing sources as [n]. If the critic asked for changes, revise accordingly.", Tier: writerTier),
                new AgentDefinition("critic", "You review the writer's answer against the researcher's findings. If it is correct, complete and cited, reply APPROVED. Otherwise list the changes needed."),
            ],
            termination ?? new TerminationDefinition(MaxTurns: 8));
}
