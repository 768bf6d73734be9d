namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>Latency of one provider model's successful calls.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model.</param>
/// <param name="Invocations">Successful calls.</param>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P95Ms">95th percentile in milliseconds.</param>
/// <param name="P99Ms">99th percentile in milliseconds.</param>
/// <param name="AverageTimeToFirstTokenMs">Mean time to first token of streamed calls, if any.</param>
public sealed record LatencyPercentiles(string Provider, string Model, long Invocations, double P50Ms, double P95Ms, double P99Ms, double? AverageTimeToFirstTokenMs);
