namespace Orchestrator.Plugins.Browser.Session;

/// <summary>A task used up its pages, bytes or time.</summary>
public sealed class BrowserLimitExceededException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="BrowserLimitExceededException"/> class.</summary>
    /// <param name="limit">Which limit, in words.</param>
    public BrowserLimitExceededException(string limit)
        : base($"The browsing task stopped: {limit}. Narrow the task or raise the limit in Orchestrator:Browser.")
    {
        Limit = limit;
    }

    /// <summary>Gets which limit was reached.</summary>
    public string Limit { get; }
}
