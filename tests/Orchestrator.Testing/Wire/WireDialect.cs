using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Wire;

/// <summary>How one provider frames replies, errors and model listings on the wire.</summary>
internal abstract class WireDialect
{
    public abstract WireProtocol Protocol { get; }

    /// <summary>Gets the content type of a streamed reply (<c>text/event-stream</c> or <c>application/x-ndjson</c>).</summary>
    public abstract string StreamContentType { get; }

    /// <summary>Writes a successful reply, streamed or not as the request asked; stops early at <paramref name="cut"/> when set.</summary>
    public abstract Task WriteReplyAsync(
        HttpContext context, RecordedRequest request, ScriptedReply reply, StreamCut? cut, CancellationToken cancellationToken);

    /// <summary>Builds the provider's error body for an HTTP error status.</summary>
    public abstract JsonNode ErrorBody(int statusCode, string message);

    /// <summary>Builds the provider's model listing.</summary>
    public abstract JsonNode ModelList(IReadOnlyList<string> models);

    /// <summary>Writes the provider's error event inside a stream that has already started; <paramref name="statusCode"/> picks the error type where the protocol has types.</summary>
    public abstract Task WriteStreamErrorAsync(WireStream stream, string message, int? statusCode, CancellationToken cancellationToken);

    /// <summary>Writes a streamed reply whose first chunk is not JSON.</summary>
    public abstract Task WriteMalformedStreamAsync(WireStream stream, CancellationToken cancellationToken);

    protected static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    protected static JsonNode ParseArguments(ScriptedToolCall call)
    {
        try
        {
            return JsonNode.Parse(call.ArgumentsJson) ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidOperationException(
                $"The scripted arguments of tool call '{call.Name}' are not valid JSON: {call.ArgumentsJson}", ex);
        }
    }

    protected static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];
}
