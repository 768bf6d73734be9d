namespace Orchestrator.Plugins.Browser.Session;

/// <summary>A request the browser refused before any connection was made.</summary>
/// <param name="Url">The URL as the page requested it.</param>
/// <param name="Reason">Why it was refused.</param>
public sealed record BlockedRequest(string Url, string Reason);
