namespace Orchestrator.Routing;

/// <summary>The state of a provider's circuit breaker.</summary>
public enum BreakerState
{
    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Calls are refused until the break duration has passed.</summary>
    Open,

    /// <summary>One probe call is let through; its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}
