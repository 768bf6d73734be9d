namespace Orchestrator.Agents;

/// <summary>One message on the agent bus: an agent's turn output (or a tool call, a handoff), with what it cost.</summary>
/// <param name="Id">The message id (the <c>agent_messages</c> key).</param>
/// <param name="RunId">The run (the conversation id).</param>
/// <param name="Sender">The agent that sent it, or <c>user</c> for the run's input.</param>
/// <param name="Recipient">The agent it is addressed to, or <see langword="null"/> for everyone in the group.</param>
/// <param name="Kind">The kind: <c>text</c>, <c>tool_call</c>, <c>tool_result</c>, <c>handoff</c>.</param>
/// <param name="Content">The text.</param>
/// <param name="Tokens">The tokens of the model call(s) that produced it (input plus output).</param>
/// <param name="CostUsd">What those calls cost.</param>
/// <param name="IsPartial">Whether a termination condition cut it short mid-stream.</param>
/// <param name="CreatedAt">When it was sent.</param>
/// <param name="Workflow">The workflow of the run.</param>
/// <param name="WorkflowVersion">The workflow version of the run, when the caller named one.</param>
public sealed record AgentMessage(
    string Id,
    string RunId,
    string Sender,
    string? Recipient,
    string Kind,
    string Content,
    long Tokens,
    decimal CostUsd,
    bool IsPartial,
    DateTimeOffset CreatedAt,
    string? Workflow = null,
    string? WorkflowVersion = null);
