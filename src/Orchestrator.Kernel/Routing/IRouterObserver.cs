namespace Orchestrator.Routing;

/// <summary>
/// Receives the router's events, for alerting and dashboards. Register any number in DI. Implementations run on the
/// request path: keep them fast and non-throwing (a throwing observer is logged and ignored).
/// </summary>
public interface IRouterObserver
{
    /// <summary>Called when a provider's circuit opens, half-opens or closes.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="state">The new state.</param>
    void OnBreakerStateChanged(string provider, BreakerState state);

    /// <summary>Called when a request moved on from a failed provider to another.</summary>
    /// <param name="failed">The attempt that failed.</param>
    /// <param name="next">The candidate tried next.</param>
    void OnFailover(RoutingAttempt failed, RoutingCandidate next);

    /// <summary>Called once per routed request with its full decision, whether it was served or not.</summary>
    /// <param name="decision">The decision.</param>
    void OnDecision(RoutingDecision decision);
}
