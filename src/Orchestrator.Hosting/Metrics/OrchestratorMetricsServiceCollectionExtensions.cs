using OpenTelemetry.Metrics;
using Orchestrator.Telemetry;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the OpenTelemetry meter provider behind the Prometheus scrape endpoint.</summary>
public static class OrchestratorMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Collects the <see cref="OrchestratorTelemetry.SourceName"/> meter (Orchestrator's invocation, cost, latency, token
    /// and log-health metrics, and the <c>gen_ai.client.*</c> metrics Microsoft.Extensions.AI emits on it) for the
    /// Prometheus exporter. Map the endpoint with <c>MapOrchestratorMetrics()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds further meters or views to the same provider, e.g. ASP.NET Core's; optional.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddOrchestratorMetrics(this IServiceCollection services, Action<MeterProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OrchestratorTelemetry.SourceName).AddPrometheusExporter();
            configure?.Invoke(metrics);
        });
        return services;
    }
}
