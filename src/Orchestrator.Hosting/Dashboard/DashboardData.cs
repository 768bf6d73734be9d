using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Budgets;
using Orchestrator.Hosting.Budgets;
using Orchestrator.Plugins.Observability.Analytics;
using Orchestrator.Providers;
using Orchestrator.Routing;

namespace Orchestrator.Hosting.Dashboard;

/// <summary>
/// Gathers what the dashboard shows from the parts that already answer it: the LLMOps analytics queries, the budget
/// gate's utilization report, and the router's breakers and health cache. Nothing here queries tables by hand.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "The registry, router and health monitor are DI singletons; the container disposes them.")]
internal sealed class DashboardData : IAsyncDisposable
{
    private readonly DashboardOptions _options;
    private readonly LlmOpsAnalytics? _analytics;
    private readonly BudgetGate? _budgets;
    private readonly ProviderRegistry _providers;
    private readonly RouterChatClient _router;
    private readonly ProviderHealthMonitor _health;
    private readonly TimeProvider _time;

    public DashboardData(IOptions<DashboardOptions> options, IServiceProvider services)
    {
        _options = options.Value;
        _analytics = string.IsNullOrWhiteSpace(_options.ConnectionString) ? null : new LlmOpsAnalytics(_options.ConnectionString);
        _budgets = services.GetService<BudgetGate>();
        _providers = services.GetRequiredService<ProviderRegistry>();
        _router = services.GetRequiredService<RouterChatClient>();
        _health = services.GetRequiredService<ProviderHealthMonitor>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    public int RefreshSeconds => _options.RefreshSeconds;

    /// <summary>Whether a connection string names a PostgreSQL server (the analytics read PostgreSQL only).</summary>
    public static bool IsPostgres(string connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public async Task<LlmOpsPanel> GetLlmOpsAsync(CancellationToken cancellationToken)
    {
        var to = _time.GetUtcNow();
        var from = to - _options.Window;
        if (_analytics is null)
        {
            return LlmOpsPanel.NotConfigured(from, to);
        }

        var summary = _analytics.GetDashboardAsync(from, to, cancellationToken);
        var tiers = _analytics.GetTierRecommendationsAsync(from, to, cancellationToken);
        var users = _analytics.GetTopSpendersAsync(from, to, 10, cancellationToken);
        var models = _analytics.GetModelUsageAsync(from, to, cancellationToken);
        var latency = _analytics.GetLatencyPercentilesAsync(from, to, cancellationToken);
        var experiments = _analytics.GetExperimentResultsAsync(from, to, cancellationToken);
        var recent = _analytics.GetRecentInvocationsAsync(from, to, _options.RecentInvocations, cancellationToken);
        await Task.WhenAll(summary, tiers, users, models, latency, experiments, recent).ConfigureAwait(false);

        var calls = models.Result.Sum(m => m.Invocations);
        var failedOver = models.Result.Sum(m => m.FailedOver);
        return new LlmOpsPanel(
            true, from, to, summary.Result, calls == 0 ? 0m : Math.Round((decimal)failedOver / calls, 4),
            tiers.Result, users.Result, models.Result, latency.Result, experiments.Result, recent.Result);
    }

    public async Task<BudgetPanel> GetBudgetsAsync(CancellationToken cancellationToken)
    {
        if (_budgets is null)
        {
            return new BudgetPanel(false, BudgetAlert.Thresholds, []);
        }

        var pools = new List<BudgetPoolView>();
        foreach (var period in Enum.GetValues<BudgetPeriod>())
        {
            foreach (var status in await BudgetApiHandlers.ListUtilizationAsync(_budgets, period, cancellationToken).ConfigureAwait(false))
            {
                // The utilization report holds limited pools only, so limit, remaining and utilization are all known.
                var utilization = status.UtilizationPercent ?? 0m;
                pools.Add(new BudgetPoolView(
                    status.Pool.Id, BudgetPool.PeriodName(status.Pool.Period), status.PeriodKey, status.Limit ?? 0m, status.Spent, status.Reserved,
                    status.Remaining ?? 0m, utilization, AlertLevelOf(utilization)));
            }
        }

        return new BudgetPanel(true, BudgetAlert.Thresholds, [.. pools.OrderByDescending(p => p.UtilizationPercent).ThenBy(p => p.Pool, StringComparer.Ordinal)]);
    }

    public RoutingPanel GetRouting() => new(
        [.. _providers.Providers.Select(p =>
        {
            var health = _health.Get(p.Name);
            return new ProviderView(p.Name, p.Type, p.Local, _router.GetBreakerState(p.Name).ToString(), health?.IsHealthy, health?.Detail, health?.CheckedAt);
        })]);

    public ValueTask DisposeAsync() => _analytics?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The highest alert threshold a pool has reached: <c>ok</c>, <c>80</c>, <c>90</c>, <c>95</c> or <c>exhausted</c>.</summary>
    internal static string AlertLevelOf(decimal utilizationPercent)
    {
        if (utilizationPercent >= 100m)
        {
            return "exhausted";
        }

        var reached = BudgetAlert.Thresholds.LastOrDefault(t => utilizationPercent >= t);
        return reached == 0 ? "ok" : reached.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
