using System.Text.Json;

namespace Orchestrator.Plugins.Browser.Planning;

/// <summary>A model's reply in one planning round: actions to run, or the final answer.</summary>
/// <param name="Actions">Actions to run in order (empty when done).</param>
/// <param name="Done">Whether the task is finished.</param>
/// <param name="Answer">The final answer (text, or JSON matching the schema) when done.</param>
/// <param name="Injection">What the model reports if the page tried to give it instructions.</param>
internal sealed record PlanStep(IReadOnlyList<BrowserAction> Actions, bool Done, JsonElement? Answer, string? Injection);
