namespace Orchestrator.Plugins.Browser.Session;

/// <summary>
/// A request the browser refused: before any connection (guard, trackers, limits on pages) or, for an attachment or a body
/// past the byte limit, before the response reached the page.
/// </summary>
/// <param name="Url">The URL as the page requested it.</param>
/// <param name="Reason">Why it was refused.</param>
public sealed record BlockedRequest(string Url, string Reason);
