using System.Diagnostics.Metrics;
using System.Globalization;

namespace Orchestrator.Telemetry;

/// <summary>
/// Orchestrator's own per-call metrics (cost, tier, time to first token) on the <see cref="OrchestratorTelemetry.SourceName"/>
/// meter. Durations and token counts also exist as GenAI semantic-convention metrics, but those carry no tier or cost.
/// The meter lives as long as the recorder, a singleton; with an <see cref="IMeterFactory"/> the factory disposes it.
/// </summary>
internal sealed class InvocationMetrics
{
    private static readonly double[] SecondsBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60, 120];
    private readonly Meter _meter;
    private readonly Counter<long> _invocations;
    private readonly Counter<double> _cost;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _tokens;

    public InvocationMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _invocations = _meter.CreateCounter<long>(LlmOpsMetricNames.Invocations, "{invocation}", "Model calls by provider, model, tier and status.");
        _cost = _meter.CreateCounter<double>(LlmOpsMetricNames.Cost, "{USD}", "US dollars spent at catalog list prices.");
        _duration = _meter.CreateHistogram(LlmOpsMetricNames.Latency, "s", "Wall time of model calls.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _timeToFirstToken = _meter.CreateHistogram(LlmOpsMetricNames.TimeToFirstToken, "s", "Time to the first streamed token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _tokens = _meter.CreateCounter<long>(LlmOpsMetricNames.Tokens, "{token}", "Tokens by type (input, output, cached).");
    }

    public void Record(InvocationRecord record)
    {
        var provider = new KeyValuePair<string, object?>("provider", record.Provider);
        var model = new KeyValuePair<string, object?>("model", record.Model);
        var tier = new KeyValuePair<string, object?>("tier", record.Tier.ToString(CultureInfo.InvariantCulture));
        var status = new KeyValuePair<string, object?>("status", StatusName(record.Status));
        _invocations.Add(1, provider, model, tier, status, new("streamed", record.Streamed ? "true" : "false"));
        _duration.Record(record.Latency.TotalSeconds, provider, model, tier, status);
        if (record.Usage.Cost > 0)
        {
            _cost.Add((double)record.Usage.Cost, provider, model, tier);
        }

        if (record.TimeToFirstToken is { } firstToken)
        {
            _timeToFirstToken.Record(firstToken.TotalSeconds, provider, model, tier);
        }

        _tokens.Add(record.Usage.InputTokens, provider, model, tier, new("gen_ai.token.type", "input"));
        _tokens.Add(record.Usage.OutputTokens, provider, model, tier, new("gen_ai.token.type", "output"));
        _tokens.Add(record.Usage.CachedInputTokens, provider, model, tier, new("gen_ai.token.type", "cached"));
    }

    /// <summary>The lower-case status names shared by metrics and the database (<c>succeeded</c>, <c>failed</c>, <c>cancelled</c>).</summary>
    public static string StatusName(InvocationStatus status) => status switch
    {
        InvocationStatus.Succeeded => "succeeded",
        InvocationStatus.Failed => "failed",
        _ => "cancelled",
    };
}
