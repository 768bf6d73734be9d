namespace Orchestrator.Agents;

/// <summary>A piece of an agent's output as the provider streamed it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The agent.</param>
/// <param name="Text">The text of this update.</param>
public sealed record AgentTokenEvent(string RunId, string Agent, string Text) : AgentGroupEvent(RunId, Agent);
