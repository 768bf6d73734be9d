namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>One provider model's calls, outcomes, failovers and spend in a period.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model.</param>
/// <param name="Tier">The model's tier.</param>
/// <param name="Invocations">Calls.</param>
/// <param name="Succeeded">Calls that succeeded.</param>
/// <param name="FailedOver">Calls the router served only after another attempt failed (more than one routing attempt).</param>
/// <param name="CostUsd">Spend in US dollars.</param>
/// <param name="Tokens">Input plus output tokens.</param>
public sealed record ModelUsage(string Provider, string Model, int Tier, long Invocations, long Succeeded, long FailedOver, decimal CostUsd, long Tokens);
