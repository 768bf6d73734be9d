namespace Orchestrator.Agents;

/// <summary>A tool call returned (or failed; the failure text is the result the model sees).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The agent.</param>
/// <param name="CallId">The call id it answers.</param>
/// <param name="Result">The result as text.</param>
public sealed record ToolResultEvent(string RunId, string Agent, string CallId, string Result) : AgentGroupEvent(RunId, Agent);
