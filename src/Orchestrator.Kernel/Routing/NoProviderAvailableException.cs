namespace Orchestrator.Routing;

/// <summary>
/// No provider could serve a routed request: every candidate was skipped (privacy, tier, price, capability, open
/// circuit, unhealthy) or failed. <see cref="Decision"/> says which and why.
/// </summary>
public sealed class NoProviderAvailableException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="NoProviderAvailableException"/> class.</summary>
    /// <param name="message">The summary.</param>
    /// <param name="decision">What was considered and tried.</param>
    /// <param name="innerException">The last provider failure, if any.</param>
    public NoProviderAvailableException(string message, RoutingDecision decision, Exception? innerException = null)
        : base($"{message} {decision}", innerException!)
    {
        Decision = decision;
    }

    /// <summary>Gets what the router considered, skipped and tried.</summary>
    public RoutingDecision Decision { get; }

    /// <summary>
    /// Gets how long until the soonest candidate that is cooling down after a provider's <c>Retry-After</c> may be
    /// called again, or <see langword="null"/> when no candidate is cooling down (retrying would not help by itself).
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}
