namespace Orchestrator.Providers;

/// <summary>
/// The upstream's OpenAI chat completion body of a forwarded request (<see cref="OpenAIPassThroughRequest"/>), set as the
/// response's <c>RawRepresentation</c>; the response's messages, finish reason and usage are parsed from it, so the
/// layers above meter and log it like any other response, and the gateway writes the body back without re-serializing.
/// </summary>
internal sealed class OpenAIPassThroughResponse
{
    public OpenAIPassThroughResponse(byte[] body) => Body = body;

    /// <summary>Gets the response body as the provider sent it.</summary>
    public byte[] Body { get; }
}
