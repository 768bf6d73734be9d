using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Budgets;
using Orchestrator.Hosting.Gateway.Keys;
using Orchestrator.Plugins.Observability;
using Orchestrator.Providers;
using Orchestrator.Routing;

namespace Orchestrator.Hosting.Health;

/// <summary>
/// The readiness checks, one per dependency. Each resolves its dependency when it runs and reports "not configured"
/// (healthy) when the host does not use it, so one registration fits every host shape.
/// </summary>
internal static class OrchestratorHealthChecks
{
    private static readonly TimeSpan EmbeddingRecheck = TimeSpan.FromSeconds(60);

    /// <summary>The budget ledger answers (Redis when configured, else SQLite or the local ledger).</summary>
    public static async Task<HealthCheckResult> BudgetLedgerAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<BudgetGate>() is not { } gate)
        {
            return NotConfigured("budgets are not configured");
        }

        var data = new Dictionary<string, object> { ["backend"] = gate.Ledger.GetType().Name };
        try
        {
            await gate.Ledger.GetUsageAsync([new BudgetPool(BudgetScope.Global, BudgetPool.GlobalName, BudgetPeriod.Daily)], null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the ledger answers", data);
        }
        catch (BudgetUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy("the ledger does not answer", ex, data);
        }
    }

    /// <summary>The gateway's key store (PostgreSQL or SQLite) answers a query.</summary>
    public static async Task<HealthCheckResult> KeyStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IGatewayKeyStore>() is not { } store)
        {
            return NotConfigured("the gateway is not configured");
        }

        var data = new Dictionary<string, object> { ["backend"] = store.Name };
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the key store answers", data);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the key store does not answer", ex, data);
        }
    }

    /// <summary>The LLMOps log is writing (a failing writer keeps calls working but loses nothing only while its queue has room).</summary>
    public static Task<HealthCheckResult> InvocationLogAsync(IServiceProvider services)
    {
        if (services.GetService<LlmOpsLog>() is not { } log)
        {
            return Task.FromResult(NotConfigured("no LLMOps log is configured"));
        }

        var data = new Dictionary<string, object> { ["written"] = log.Written, ["pending"] = log.Pending, ["dropped"] = log.Dropped };
        return Task.FromResult(log.IsFailing
            ? HealthCheckResult.Degraded("the LLMOps log cannot write; records queue until the database is back", null, data)
            : HealthCheckResult.Healthy("the LLMOps log is writing", data));
    }

    /// <summary>The providers' last health probes (run in the background by the router's monitor; never probed here).</summary>
    public static Task<HealthCheckResult> ProvidersAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<ProviderRegistry>();
        var monitor = services.GetRequiredService<ProviderHealthMonitor>();
        monitor.EnsureStarted();
        var enabled = registry.Providers.Where(p => p.Enabled).ToList();
        if (enabled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no provider is enabled; configure one under Orchestrator:Providers"));
        }

        var data = new Dictionary<string, object>();
        var unhealthy = 0;
        foreach (var provider in enabled)
        {
            var health = monitor.Get(provider.Name);
            data[provider.Name] = health is null ? "not probed yet" : (health.IsHealthy ? "healthy" : "unhealthy: " + health.Detail);
            unhealthy += health is { IsHealthy: false } ? 1 : 0;
        }

        return Task.FromResult(unhealthy == 0 ? HealthCheckResult.Healthy($"{enabled.Count} provider(s) enabled", data)
            : unhealthy < enabled.Count ? HealthCheckResult.Degraded($"{unhealthy} of {enabled.Count} provider(s) failed their last probe", null, data)
            : HealthCheckResult.Unhealthy("every enabled provider failed its last probe", null, data));
    }

    /// <summary>The embedding model embeds a word (remembered for a minute: a probe must not cost a model run each time).</summary>
    public static async Task<HealthCheckResult> EmbeddingAsync(IServiceProvider services, EmbeddingProbe probe, CancellationToken cancellationToken)
    {
        if (services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is not { } generator)
        {
            return NotConfigured("no embedding model is configured");
        }

        if (probe.Last is { } last && Stopwatch.GetElapsedTime(probe.At) < EmbeddingRecheck)
        {
            return last;
        }

        var model = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? generator.GetType().Name;
        try
        {
            var vector = await generator.GenerateVectorAsync("ready", cancellationToken: cancellationToken).ConfigureAwait(false);
            probe.Last = vector.Length > 0
                ? HealthCheckResult.Healthy($"{model} embeds ({vector.Length} dimensions)")
                : HealthCheckResult.Unhealthy($"{model} returned an empty vector");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            probe.Last = HealthCheckResult.Unhealthy($"{model} failed to embed", ex);
        }

        probe.At = Stopwatch.GetTimestamp();
        return probe.Last.Value;
    }

    private static HealthCheckResult NotConfigured(string why) =>
        HealthCheckResult.Healthy(why, new Dictionary<string, object> { ["configured"] = false });

    /// <summary>The embedding check's memory of its last result.</summary>
    internal sealed class EmbeddingProbe
    {
        public HealthCheckResult? Last { get; set; }

        public long At { get; set; }
    }
}
