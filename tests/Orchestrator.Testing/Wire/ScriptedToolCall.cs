namespace Orchestrator.Testing.Wire;

/// <summary>A function call the scripted model makes.</summary>
/// <param name="Name">The function name, e.g. <c>get_weather</c>.</param>
/// <param name="ArgumentsJson">The arguments as a JSON object, e.g. <c>{"city":"Paris"}</c>.</param>
/// <param name="Id">
/// The call id. When <see langword="null"/> the server makes one in the provider's style
/// (<c>call_…</c> for OpenAI, <c>toolu_…</c> for Anthropic; Ollama has no ids).
/// </param>
public sealed record ScriptedToolCall(string Name, string ArgumentsJson, string? Id = null);
