namespace Orchestrator.Routing;

/// <summary>A request's routing constraints contradict each other (private but premium-only, a tier range that is empty).</summary>
public sealed class RoutingConstraintException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="RoutingConstraintException"/> class.</summary>
    /// <param name="message">Which constraints conflict and how to resolve it.</param>
    public RoutingConstraintException(string message)
        : base(message)
    {
    }
}
