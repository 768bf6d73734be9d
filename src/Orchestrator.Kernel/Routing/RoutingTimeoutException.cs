namespace Orchestrator.Routing;

/// <summary>
/// A routed request ran past <see cref="RoutingOptions.TotalTimeoutSeconds"/> across its attempts. When it happened
/// mid-stream, <see cref="PartialText"/> holds what had streamed (that usage is logged and charged).
/// </summary>
public sealed class RoutingTimeoutException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="RoutingTimeoutException"/> class.</summary>
    /// <param name="limit">The total limit that elapsed.</param>
    /// <param name="decision">What was considered and tried.</param>
    /// <param name="partialText">Text streamed before the limit, if any.</param>
    /// <param name="innerException">The cancellation.</param>
    public RoutingTimeoutException(TimeSpan limit, RoutingDecision decision, string partialText, Exception? innerException)
        : base($"The routed request did not finish within its total limit of {limit.TotalSeconds:0.#} s (Orchestrator:Routing:TotalTimeoutSeconds). {decision}", innerException!)
    {
        Decision = decision;
        PartialText = partialText;
    }

    /// <summary>Gets what the router considered and tried.</summary>
    public RoutingDecision Decision { get; }

    /// <summary>Gets the text streamed before the limit; empty when nothing had streamed.</summary>
    public string PartialText { get; }
}
