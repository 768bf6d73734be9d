namespace Orchestrator.Plugins.Browser.Session;

/// <summary>A navigation the safety rules refuse (internal address, scheme, domain lists, trackers).</summary>
public sealed class BrowserBlockedException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="BrowserBlockedException"/> class.</summary>
    /// <param name="url">The refused URL.</param>
    /// <param name="reason">Why it was refused.</param>
    public BrowserBlockedException(string url, string reason)
        : base($"The browser refused '{url}': {reason}. Choose a public http(s) address the configuration allows.")
    {
        Url = url;
        Reason = reason;
    }

    /// <summary>Gets the refused URL.</summary>
    public string Url { get; }

    /// <summary>Gets why it was refused.</summary>
    public string Reason { get; }
}
