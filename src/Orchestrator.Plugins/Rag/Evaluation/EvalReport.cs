namespace Orchestrator.Rag.Evaluation;

/// <summary>Mean retrieval metrics over a collection's judged queries, and query latency.</summary>
/// <param name="Metrics">Mean metrics.</param>
/// <param name="Queries">How many queries were scored.</param>
/// <param name="LatencyP50Ms">Median query latency in milliseconds.</param>
/// <param name="LatencyP95Ms">95th-percentile query latency in milliseconds.</param>
public sealed record EvalReport(QueryMetrics Metrics, int Queries, double LatencyP50Ms, double LatencyP95Ms);
