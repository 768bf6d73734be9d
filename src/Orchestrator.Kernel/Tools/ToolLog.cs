using Microsoft.Extensions.Logging;

namespace Orchestrator.Tools;

/// <summary>Log lines of the tool registry and workbenches.</summary>
internal static partial class ToolLog
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Tool call refused: agent {Agent} called {Tool} through workbench {Workbench}: {Outcome} ({Reason})")]
    public static partial void Refused(ILogger logger, string agent, string tool, string workbench, ToolCallOutcome outcome, string reason);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "Tool call: agent {Agent} called {Tool} through workbench {Workbench}: {Outcome} in {ElapsedMs} ms")]
    public static partial void Called(ILogger logger, string agent, string tool, string workbench, ToolCallOutcome outcome, double elapsedMs);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Tool call failed: agent {Agent} called {Tool} through workbench {Workbench}")]
    public static partial void Failed(ILogger logger, string agent, string tool, string workbench, Exception exception);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Could not log a call of tool {Tool} to the agent-message log")]
    public static partial void LogFailed(ILogger logger, string tool, Exception exception);
}
