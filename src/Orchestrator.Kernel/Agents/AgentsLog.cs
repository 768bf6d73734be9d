using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents;

/// <summary>The agent runtime's log lines.</summary>
internal static partial class AgentsLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Agent bus: a subscriber failed on message {MessageId} of run {RunId}; the others still got it")]
    public static partial void SubscriberFailed(ILogger logger, string runId, string messageId, Exception exception);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Agent run {RunId} ({Workflow}) stopped: {Reason} after {Turns} turns, {Tokens} tokens, ${Cost}")]
    public static partial void RunFinished(ILogger logger, string runId, string workflow, string reason, int turns, long tokens, decimal cost);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Agent run {RunId} failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, string runId, string reason, Exception exception);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Agent run {RunId}: the speaker selector answered '{Answer}', which names no agent; taking {Fallback} in turn")]
    public static partial void SelectorFellBack(ILogger logger, string runId, string answer, string fallback);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Agent run {RunId}: recording the run for experiments failed")]
    public static partial void RunRecordFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Debug, Message = "Agent run {RunId}: {Agent} hands off to {Target}")]
    public static partial void HandedOff(ILogger logger, string runId, string agent, string target);
}
