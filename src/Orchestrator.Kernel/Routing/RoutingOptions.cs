namespace Orchestrator.Routing;

/// <summary>The router's policy, bound from <c>Orchestrator:Routing</c>. See <c>docs/routing.md</c>.</summary>
public sealed class RoutingOptions
{
    /// <summary>Gets or sets how many failures in a row open a provider's circuit.</summary>
    public int BreakerFailureThreshold { get; set; } = 3;

    /// <summary>Gets or sets how long, in seconds, an open circuit stays open before one probe is let through.</summary>
    public double BreakDurationSeconds { get; set; } = 30;

    /// <summary>Gets or sets the window, in seconds, in which the failures must fall to open the circuit.</summary>
    public double BreakerSamplingSeconds { get; set; } = 60;

    /// <summary>Gets or sets how long, in seconds, a health-check result is trusted before the background refresh replaces it.</summary>
    public double HealthCacheSeconds { get; set; } = 300;

    /// <summary>Gets or sets a value indicating whether providers are probed in the background and unhealthy ones skipped.</summary>
    public bool HealthChecks { get; set; } = true;

    /// <summary>Gets or sets the limit, in seconds, of one routed request across all its attempts and waits.</summary>
    public double TotalTimeoutSeconds { get; set; } = 300;

    /// <summary>Gets or sets the most provider attempts one request may make.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Gets or sets the longest Retry-After, in seconds, the router will wait for when no other provider is left.</summary>
    public double MaxRetryAfterWaitSeconds { get; set; } = 30;
}
