namespace Orchestrator.Plugins.Browser.Session;

/// <summary>An element a plan may act on, named by a reference valid until the next snapshot.</summary>
/// <param name="Ref">The reference to use as the action's target.</param>
/// <param name="Kind">link, button, input, select or textarea (with the input type when there is one).</param>
/// <param name="Label">The visible text, label, placeholder or name, shortened.</param>
public sealed record PageElement(string Ref, string Kind, string Label);
