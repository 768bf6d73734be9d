namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>A user's spend in a period.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Invocations">Calls.</param>
/// <param name="CostUsd">Spend in US dollars.</param>
/// <param name="Share">Share of all spend attributed to users (0-1).</param>
public sealed record Spender(string UserId, long Invocations, decimal CostUsd, decimal Share);
