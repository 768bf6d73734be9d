namespace Orchestrator.Agents;

/// <summary>The values of <see cref="WorkflowDefinition.Pattern"/>: how a group's agents take turns.</summary>
public static class AgentPatterns
{
    /// <summary>Each agent once, in order; each sees the input and every earlier agent's output.</summary>
    public const string Sequential = "sequential";

    /// <summary>Every agent at once on the input (fan-out); the run's output is all their answers, in agent order (fan-in).</summary>
    public const string Concurrent = "concurrent";

    /// <summary>The first agent answers or hands the conversation to another through a <c>handoff_to_NAME</c> tool; the run ends when an agent answers without handing off.</summary>
    public const string Handoff = "handoff";

    /// <summary>Agents speak in turn, round-robin, over a shared conversation until a termination condition fires.</summary>
    public const string GroupChat = "group_chat";

    /// <summary>A group chat whose next speaker is chosen by a model call (through the router) from the agents' names and descriptions.</summary>
    public const string GroupChatModelSelected = "group_chat:model";

    /// <summary>The research group: planner, researcher (RAG and MCP tools), writer, critic; the writer revises until the critic approves.</summary>
    public const string Research = "research";

    /// <summary>Gets every pattern this runtime knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Sequential, Concurrent, Handoff, GroupChat, GroupChatModelSelected, Research];
}
