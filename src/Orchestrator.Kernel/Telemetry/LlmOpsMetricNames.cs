namespace Orchestrator.Telemetry;

/// <summary>
/// The names of the metrics Orchestrator defines on the <see cref="OrchestratorTelemetry.SourceName"/> meter, beside the
/// GenAI semantic-convention metrics (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>) that
/// Microsoft.Extensions.AI's OpenTelemetry client emits on the same meter. Prometheus sees them with dots as underscores,
/// the unit appended where it is a real unit, and <c>_total</c> on counters (see docs/observability.md).
/// </summary>
public static class LlmOpsMetricNames
{
    /// <summary>Counter of model calls, tagged provider, model, tier, status, streamed.</summary>
    public const string Invocations = "orchestrator.invocations";

    /// <summary>Counter of US dollars spent, tagged provider, model, tier.</summary>
    public const string Cost = "orchestrator.invocation.cost";

    /// <summary>Histogram of call latency in seconds, tagged provider, model, tier, status.</summary>
    public const string Latency = "orchestrator.invocation.duration";

    /// <summary>Histogram of time to first token of streamed calls in seconds, tagged provider, model, tier.</summary>
    public const string TimeToFirstToken = "orchestrator.invocation.time_to_first_token";

    /// <summary>Counter of tokens, tagged provider, model, tier and <c>gen_ai.token.type</c> (input, output, cached).</summary>
    public const string Tokens = "orchestrator.invocation.tokens";

    /// <summary>Counter of events a background log dropped because its queue was full, tagged log.</summary>
    public const string LogDropped = "orchestrator.llmops.log.dropped";

    /// <summary>Counter of events a background log stored, tagged log.</summary>
    public const string LogWritten = "orchestrator.llmops.log.written";

    /// <summary>Counter of failed batch writes (each retry counts), tagged log.</summary>
    public const string LogWriteFailures = "orchestrator.llmops.log.write_failures";

    /// <summary>Gauge of events waiting in a background log's queue, tagged log.</summary>
    public const string LogQueueDepth = "orchestrator.llmops.log.queue_depth";

    /// <summary>Gauge that is 1 while a background log's store is failing and 0 otherwise, tagged log.</summary>
    public const string LogOutage = "orchestrator.llmops.log.outage";

    /// <summary>Gauge of each provider's circuit breaker: 0 closed, 1 half-open, 2 open; tagged provider (one series per configured provider).</summary>
    public const string BreakerState = "orchestrator.router.breaker.state";

    /// <summary>
    /// Gauge of budget pools' spend as a fraction of their cap (1 = the cap), tagged <c>orchestrator.budget.pool</c>
    /// (e.g. <c>user:alice:daily</c>) and <c>orchestrator.budget.period</c>; limited pools of the current periods only,
    /// at most <c>Orchestrator:Budgets:MetricsMaxPools</c> of them (the most utilized).
    /// </summary>
    public const string BudgetUtilization = "orchestrator.budget.utilization";
}
