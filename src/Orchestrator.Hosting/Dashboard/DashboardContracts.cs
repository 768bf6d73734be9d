using Orchestrator.Plugins.Observability.Analytics;

namespace Orchestrator.Hosting.Dashboard;

/// <summary>The analytics panels: what was spent, by whom, on what, how fast, how reliably.</summary>
internal sealed record LlmOpsPanel(
    bool Configured,
    DateTimeOffset From,
    DateTimeOffset To,
    DashboardSummary? Summary,
    decimal FailoverRate,
    IReadOnlyList<TierRecommendation> Tiers,
    IReadOnlyList<Spender> Users,
    IReadOnlyList<ModelUsage> Models,
    IReadOnlyList<LatencyPercentiles> Latency,
    IReadOnlyList<ExperimentResult> Experiments,
    IReadOnlyList<RecentInvocation> Recent)
{
    public static LlmOpsPanel NotConfigured(DateTimeOffset from, DateTimeOffset to) => new(false, from, to, null, 0m, [], [], [], [], [], []);
}

/// <summary>The budget panel: every limited pool against its cap, with the alert level it reached.</summary>
internal sealed record BudgetPanel(bool Configured, IReadOnlyList<int> Thresholds, IReadOnlyList<BudgetPoolView> Pools);

/// <summary>One pool as the dashboard shows it.</summary>
internal sealed record BudgetPoolView(string Pool, string Period, string PeriodKey, decimal Limit, decimal Spent, decimal Reserved, decimal Remaining, decimal UtilizationPercent, string AlertLevel);

/// <summary>The routing panel: each provider's breaker and last health check.</summary>
internal sealed record RoutingPanel(IReadOnlyList<ProviderView> Providers);

/// <summary>One provider as the dashboard shows it.</summary>
internal sealed record ProviderView(string Name, string Type, bool Local, string Breaker, bool? Healthy, string? HealthDetail, DateTimeOffset? CheckedAt);
