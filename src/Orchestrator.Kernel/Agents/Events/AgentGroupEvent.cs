namespace Orchestrator.Agents;

/// <summary>One event of a streamed group run; switch on the derived type.</summary>
/// <param name="RunId">The run it belongs to.</param>
/// <param name="Agent">The agent it concerns, or <see langword="null"/> for the run itself.</param>
public abstract record AgentGroupEvent(string RunId, string? Agent);
