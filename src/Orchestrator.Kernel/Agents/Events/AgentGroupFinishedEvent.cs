namespace Orchestrator.Agents;

/// <summary>The run stopped; the last event of every stream.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Result">The outcome, with the reason and the (possibly partial) output.</param>
public sealed record AgentGroupFinishedEvent(string RunId, AgentGroupResult Result) : AgentGroupEvent(RunId, null);
