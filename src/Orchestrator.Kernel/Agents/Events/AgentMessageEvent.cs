namespace Orchestrator.Agents;

/// <summary>An agent's turn ended with a message (logged to <c>agent_messages</c>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Message">The message, with its tokens and cost.</param>
public sealed record AgentMessageEvent(string RunId, AgentMessage Message) : AgentGroupEvent(RunId, Message?.Sender);
