using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orchestrator.Providers;

namespace Orchestrator.Telemetry;

/// <summary>Hands each invocation record to every registered sink and logs it; a failing sink is logged, never fatal.</summary>
internal sealed partial class InvocationRecorder
{
    private readonly IInvocationSink[] _sinks;
    private readonly ILogger _logger;
    private readonly InvocationMetrics _metrics;

    public InvocationRecorder(IEnumerable<IInvocationSink> sinks, ILogger<InvocationRecorder> logger, IMeterFactory? meterFactory = null)
    {
        _sinks = [.. sinks];
        _logger = logger;
        _metrics = new InvocationMetrics(meterFactory);
    }

    public async ValueTask RecordAsync(InvocationRecord record, ProviderException? error)
    {
        _metrics.Record(record);
        if (error is null)
        {
            LogInvocation(_logger, record.Provider, record.Model, record.Status, record.Usage.InputTokens, record.Usage.OutputTokens, record.Usage.IsEstimated, record.Usage.Cost, record.Latency.TotalMilliseconds);
        }
        else
        {
            LogInvocationFailed(_logger, record.Provider, record.Model, error.Kind, error.Message);
        }

        foreach (var sink in _sinks)
        {
            try
            {
                await sink.RecordAsync(record).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A logging backend must never fail the model call it is logging.
                LogSinkFailed(_logger, sink.GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Invocation {Provider}/{Model} {Status}: {InputTokens} in, {OutputTokens} out (estimated: {Estimated}), cost {Cost} USD, {LatencyMs} ms")]
    private static partial void LogInvocation(ILogger logger, string provider, string model, InvocationStatus status, long inputTokens, long outputTokens, bool estimated, decimal cost, double latencyMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Invocation {Provider}/{Model} failed ({Kind}): {Reason}")]
    private static partial void LogInvocationFailed(ILogger logger, string provider, string model, ProviderFailureKind kind, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Invocation sink {Sink} failed; the call itself is unaffected")]
    private static partial void LogSinkFailed(ILogger logger, string sink, Exception exception);
}
