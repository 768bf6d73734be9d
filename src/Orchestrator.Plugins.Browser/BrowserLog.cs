using Microsoft.Extensions.Logging;

namespace Orchestrator.Plugins.Browser;

/// <summary>The browser's log messages, source-generated.</summary>
internal static partial class BrowserLog
{
    [LoggerMessage(1, LogLevel.Information, "Browser launched: {Engine} {Version}")]
    public static partial void Launched(ILogger logger, string engine, string version);

    [LoggerMessage(2, LogLevel.Debug, "Browser context opened with a {Platform} {Width}x{Height} profile, {Locale}, {TimeZone}")]
    public static partial void ContextOpened(ILogger logger, string platform, int width, int height, string locale, string timeZone);

    [LoggerMessage(3, LogLevel.Warning, "Browser request blocked: {Url}: {Reason}")]
    public static partial void RequestBlocked(ILogger logger, string url, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Page content tried to redirect the browsing task: {Evidence}")]
    public static partial void InjectionSuspected(ILogger logger, string evidence);

    [LoggerMessage(5, LogLevel.Information, "Browsing task judged {Score:0.00}: {Rationale}")]
    public static partial void TaskJudged(ILogger logger, double score, string rationale);

    [LoggerMessage(6, LogLevel.Debug, "Planner round {Round} rejected: {Error}")]
    public static partial void PlanRejected(ILogger logger, int round, string error);

    [LoggerMessage(7, LogLevel.Debug, "Counting the bytes of a response failed")]
    public static partial void SizeUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "Browser request failed: {Url}")]
    public static partial void FetchFailed(ILogger logger, string url, Exception exception);
}
