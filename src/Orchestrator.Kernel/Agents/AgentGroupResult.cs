using Orchestrator.Usage;

namespace Orchestrator.Agents;

/// <summary>The outcome of a group run.</summary>
/// <param name="RunId">The run id (the <c>agent_messages.conversation_id</c>).</param>
/// <param name="Reason">Why it stopped: one of <see cref="TerminationReasons"/>.</param>
/// <param name="Output">The final output: the last agent message (for concurrent runs, every agent's answer).</param>
/// <param name="Messages">Every agent message of the run, in order.</param>
/// <param name="Usage">The tokens and cost of every model call of the run, cut streams included.</param>
/// <param name="Turns">The number of agent turns taken.</param>
/// <param name="IsPartial">Whether the output was cut short mid-stream by a termination condition.</param>
/// <param name="Elapsed">How long the run took.</param>
/// <param name="JudgeScore">The judge's last score, when a judge scored the output.</param>
/// <param name="Error">The error that stopped the run, when <see cref="Reason"/> is <c>failed</c> or <c>budget_exceeded</c>.</param>
public sealed record AgentGroupResult(
    string RunId,
    string Reason,
    string Output,
    IReadOnlyList<AgentMessage> Messages,
    InvocationUsage Usage,
    int Turns,
    bool IsPartial,
    TimeSpan Elapsed,
    double? JudgeScore = null,
    Exception? Error = null)
{
    /// <summary>Gets a value indicating whether the run counts as a success (see <see cref="TerminationReasons.IsSuccess"/>).</summary>
    public bool Succeeded => Error is null && TerminationReasons.IsSuccess(Reason);
}
