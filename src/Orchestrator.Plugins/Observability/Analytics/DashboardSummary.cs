namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>The headline numbers of a period.</summary>
/// <param name="Invocations">Calls.</param>
/// <param name="SuccessRate">Share that succeeded (0-1).</param>
/// <param name="CostUsd">Spend in US dollars.</param>
/// <param name="AverageLatencyMs">Mean latency, if any calls.</param>
/// <param name="P95LatencyMs">95th percentile latency, if any calls.</param>
/// <param name="PrivateInvocations">Private calls.</param>
public sealed record DashboardSummary(long Invocations, decimal SuccessRate, decimal CostUsd, double? AverageLatencyMs, double? P95LatencyMs, long PrivateInvocations);
