using Microsoft.Extensions.Logging;

namespace Orchestrator.Budgets;

/// <summary>The budget area's log messages.</summary>
internal static partial class BudgetLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Budget alert: pool {Pool} reached {Threshold}% of its ${Limit} limit in period {Period} (spent ${Spent}).")]
    public static partial void Alert(ILogger logger, string pool, int threshold, decimal limit, string period, decimal spent);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Budget refused a call: pool {Pool} has ${Spent} spent and ${Reserved} held of ${Limit}; the call needed up to ${Requested}.")]
    public static partial void Refused(ILogger logger, string pool, decimal spent, decimal reserved, decimal limit, decimal requested);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "The budget ledger is unreachable; the call is refused (fail closed).")]
    public static partial void FailedClosed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "The budget ledger is unreachable; the call is checked by this host's local limiter (FailOpen is on).")]
    public static partial void FailedOpen(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Spend of ${Cost} for reservation {ReservationId} could not be recorded; the hold will expire at its time to live.")]
    public static partial void SettleFailed(ILogger logger, decimal cost, string reservationId, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "A budget alert observer or webhook failed.")]
    public static partial void ObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Budget alert webhook failed for pool {Pool} at {Threshold}% (attempt {Attempt}); retrying in {DelaySeconds} s.")]
    public static partial void WebhookRetrying(ILogger logger, string pool, int threshold, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Budget alert webhook gave up on pool {Pool} at {Threshold}% after {Attempts} attempt(s); the alert was still logged and counted.")]
    public static partial void WebhookGaveUp(ILogger logger, string pool, int threshold, int attempts, Exception? exception);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Budget alert webhook queue is full ({Capacity} alerts waiting); the alert for pool {Pool} at {Threshold}% is not posted (it was still logged and counted).")]
    public static partial void WebhookDropped(ILogger logger, string pool, int threshold, int capacity);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Reading budget pools for the utilization gauge and the budget_pools mirror failed; retrying at the next interval.")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);
}
