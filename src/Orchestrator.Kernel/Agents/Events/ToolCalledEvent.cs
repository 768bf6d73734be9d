namespace Orchestrator.Agents;

/// <summary>An agent asked for a tool call.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The agent.</param>
/// <param name="ToolName">The tool.</param>
/// <param name="CallId">The call id the model gave.</param>
/// <param name="Arguments">The arguments, as JSON.</param>
public sealed record ToolCalledEvent(string RunId, string Agent, string ToolName, string CallId, string Arguments) : AgentGroupEvent(RunId, Agent);
