namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>One validated step of a plan.</summary>
/// <param name="Type">navigate, click, fill or wait.</param>
/// <param name="Url">The address, for navigate.</param>
/// <param name="Target">The element reference from the page snapshot, for click, fill and wait.</param>
/// <param name="Value">The text, for fill.</param>
internal sealed record BrowserAction(string Type, string? Url, string? Target, string? Value);
