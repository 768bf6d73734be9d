namespace Orchestrator.Agents;

/// <summary>An agent's turn started.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Agent">The agent.</param>
/// <param name="Turn">The turn number in the run (1-based).</param>
public sealed record AgentStartedEvent(string RunId, string Agent, int Turn) : AgentGroupEvent(RunId, Agent);
