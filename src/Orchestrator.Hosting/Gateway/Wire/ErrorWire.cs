using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] WireError Error);

internal sealed record WireError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);
