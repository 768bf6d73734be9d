namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>What streaming saved one provider model's callers in waiting.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model.</param>
/// <param name="StreamedInvocations">Successful streamed calls.</param>
/// <param name="AverageTimeToFirstTokenMs">Mean time to first token.</param>
/// <param name="AverageLatencyMs">Mean time to the whole answer.</param>
/// <param name="WaitSavedRatio">1 - TTFT / latency: the share of the wait the first token cut.</param>
public sealed record StreamingRoi(string Provider, string Model, long StreamedInvocations, double AverageTimeToFirstTokenMs, double AverageLatencyMs, decimal WaitSavedRatio);
