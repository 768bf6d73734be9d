namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>One tier's performance in a period and what to do about it.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Invocations">Calls served.</param>
/// <param name="SuccessRate">Share of calls that succeeded (0-1).</param>
/// <param name="TotalCostUsd">Spend in US dollars.</param>
/// <param name="AverageCostUsd">Spend per call.</param>
/// <param name="P95LatencyMs">95th percentile latency in milliseconds.</param>
/// <param name="CheaperTier">The cheapest lower tier that succeeded within 2 points, if any.</param>
/// <param name="Recommendation"><c>keep</c>, <c>shift_to_cheaper_tier</c> or <c>unreliable</c> (under 90% success).</param>
public sealed record TierRecommendation(int Tier, long Invocations, decimal SuccessRate, decimal TotalCostUsd, decimal AverageCostUsd, double P95LatencyMs, int? CheaperTier, string Recommendation);
