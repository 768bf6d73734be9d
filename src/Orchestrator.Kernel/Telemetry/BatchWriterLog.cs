using Microsoft.Extensions.Logging;

namespace Orchestrator.Telemetry;

/// <summary>Log lines of <see cref="BackgroundBatchWriter{T}"/> (source-generated; generic types cannot host them).</summary>
internal static partial class BatchWriterLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Log} log queue is full ({Capacity} waiting): new events are dropped, {Dropped} so far")]
    public static partial void QueueFull(ILogger logger, string log, int capacity, long dropped);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "{Log} log store is unavailable (attempt {Attempt}); {Batch} events held, retrying in {DelayMs} ms")]
    public static partial void Outage(ILogger logger, string log, int attempt, int batch, double delayMs, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "{Log} log store is back after {Attempts} failed attempts over {Seconds:0.0} s")]
    public static partial void Recovered(ILogger logger, string log, int attempts, double seconds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "{Log} log shut down with {Lost} events unwritten after {Seconds:0.0} s")]
    public static partial void LostAtShutdown(ILogger logger, string log, long lost, double seconds);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "{Log} log store rejected a batch of {Batch} events as invalid; they are dropped")]
    public static partial void Rejected(ILogger logger, string log, int batch, Exception exception);
}
