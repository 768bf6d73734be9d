namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>Spend of one tier on one UTC day.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="Tier">The tier.</param>
/// <param name="Invocations">Calls.</param>
/// <param name="CostUsd">Spend in US dollars.</param>
/// <param name="Tokens">Input plus output tokens.</param>
public sealed record CostTrendPoint(DateOnly Day, int Tier, long Invocations, decimal CostUsd, long Tokens);
