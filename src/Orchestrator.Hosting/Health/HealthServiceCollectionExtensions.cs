using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Hosting.Health;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Orchestrator's readiness checks.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds ASP.NET Core health checks for each dependency: <c>providers</c> (the router's health monitor),
    /// <c>budget-ledger</c> (Redis or SQLite), <c>gateway-keys</c> (PostgreSQL or SQLite), <c>llmops-log</c> and
    /// <c>embedding</c>. A dependency the host does not use reports healthy with <c>configured: false</c>.
    /// </summary>
    /// <param name="services">The services; Orchestrator must be added too.</param>
    /// <returns>The health-checks builder, for more checks.</returns>
    public static IHealthChecksBuilder AddOrchestratorHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var probe = new OrchestratorHealthChecks.EmbeddingProbe();
        string[] tags = [ReadyTag];
        return services.AddHealthChecks()
            .Add(Registration("providers", (sp, _) => OrchestratorHealthChecks.ProvidersAsync(sp), tags))
            .Add(Registration("budget-ledger", OrchestratorHealthChecks.BudgetLedgerAsync, tags))
            .Add(Registration("gateway-keys", OrchestratorHealthChecks.KeyStoreAsync, tags))
            .Add(Registration("llmops-log", (sp, _) => OrchestratorHealthChecks.InvocationLogAsync(sp), tags))
            .Add(Registration("embedding", (sp, ct) => OrchestratorHealthChecks.EmbeddingAsync(sp, probe, ct), tags));
    }

    private static HealthCheckRegistration Registration(string name, Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check, string[] tags) =>
        new(name, sp => new DelegateHealthCheck(sp, check), HealthStatus.Unhealthy, tags, TimeSpan.FromSeconds(5));
}
