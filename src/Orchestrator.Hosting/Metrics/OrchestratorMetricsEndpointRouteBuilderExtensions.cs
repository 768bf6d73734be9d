using Microsoft.AspNetCore.Routing;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the Prometheus scrape endpoint.</summary>
public static class OrchestratorMetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the metrics collected by <c>AddOrchestratorMetrics()</c> in the Prometheus text exposition format at
    /// <paramref name="pattern"/>. Names are translated as docs/observability.md describes: dots become underscores,
    /// a real unit is appended (<c>_seconds</c>), counters end in <c>_total</c>, histograms become <c>_bucket</c>,
    /// <c>_sum</c> and <c>_count</c>. The endpoint is anonymous: bind the host to loopback or put it behind your
    /// network policy, as you would any scrape target.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, <c>/metrics</c> by default.</param>
    /// <returns>The endpoint, for further conventions.</returns>
    public static IEndpointConventionBuilder MapOrchestratorMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return endpoints.MapPrometheusScrapingEndpoint(pattern);
    }
}
