namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>Calls with or without privacy mode.</summary>
/// <param name="PrivacyMode">Whether these calls were private.</param>
/// <param name="Invocations">Calls.</param>
/// <param name="LocalInvocations">Calls served by local providers.</param>
/// <param name="CloudInvocations">Calls served by cloud providers (for private calls this must be 0).</param>
/// <param name="CostUsd">Spend in US dollars.</param>
public sealed record PrivacyStats(bool PrivacyMode, long Invocations, long LocalInvocations, long CloudInvocations, decimal CostUsd);
