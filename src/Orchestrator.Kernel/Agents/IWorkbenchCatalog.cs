using Microsoft.Extensions.AI;

namespace Orchestrator.Agents;

/// <summary>
/// Resolves a workbench name to the tools an agent may see and call. The tools it returns enforce the workbench
/// themselves (a call outside it, or one needing approval without it, is refused and logged) and pass the budget gate.
/// </summary>
public interface IWorkbenchCatalog
{
    /// <summary>Gets the tools of the workbench <paramref name="workbench"/>, as handed to the agent <paramref name="agentName"/>.</summary>
    /// <param name="workbench">The workbench name.</param>
    /// <param name="agentName">The agent that will use them (for logging and approval).</param>
    /// <returns>The tools.</returns>
    /// <exception cref="KeyNotFoundException">No workbench of that name is defined.</exception>
    IReadOnlyList<AITool> GetTools(string workbench, string agentName);
}

/// <summary>A finished workflow run, as experiments compare them (the agent runtime records one per run).</summary>
/// <param name="RunId">The run id.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="WorkflowVersion">The version that ran.</param>
/// <param name="SubjectKey">The key the experiment split on (usually the user id).</param>
/// <param name="Succeeded">Whether the run finished without error and was not stopped by a budget or timeout.</param>
/// <param name="CostUsd">What the run cost.</param>
/// <param name="TotalTokens">The tokens it used.</param>
/// <param name="Latency">How long it took.</param>
/// <param name="JudgeScore">The judge's score of the final output, when judged.</param>
/// <param name="TerminationReason">Why it stopped (for example <c>completed</c>, <c>max_turns</c>, <c>text_match</c>).</param>
/// <param name="StartedAt">When it started.</param>
public sealed record WorkflowRunRecord(
    string RunId,
    string WorkflowId,
    string WorkflowVersion,
    string? SubjectKey,
    bool Succeeded,
    decimal CostUsd,
    long TotalTokens,
    TimeSpan Latency,
    double? JudgeScore,
    string TerminationReason,
    DateTimeOffset StartedAt);

/// <summary>Receives finished workflow runs (the LLMOps store persists them in <c>workflow_runs</c>).</summary>
public interface IWorkflowRunSink
{
    /// <summary>Records one finished run. Must not block the caller on I/O for long; sinks may batch.</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the run is accepted.</returns>
    ValueTask RecordAsync(WorkflowRunRecord run, CancellationToken cancellationToken = default);
}
