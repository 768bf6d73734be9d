using System.Text.Json;

namespace Orchestrator.Testing.Wire;

/// <summary>A request the <see cref="WireServer"/> received, as the client sent it.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(
        WireProtocol protocol,
        string method,
        string path,
        IReadOnlyDictionary<string, string> headers,
        string body,
        DateTimeOffset receivedAt)
    {
        Protocol = protocol;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
        Json = TryParse(body);
        if (Json is { ValueKind: JsonValueKind.Object } root)
        {
            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;

            // Ollama streams unless told not to; OpenAI and Anthropic answer in one piece unless told to stream.
            IsStreaming = root.TryGetProperty("stream", out var stream)
                ? stream.ValueKind == JsonValueKind.True
                : protocol == WireProtocol.Ollama;
            LastUserText = FindLastUserText(root);
        }
    }

    /// <summary>Gets the protocol the request was recognised as.</summary>
    public WireProtocol Protocol { get; }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the request path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the request headers (names case-insensitive; repeated headers joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the raw request body (empty for a GET).</summary>
    public string Body { get; }

    /// <summary>Gets the parsed body, or <see langword="null"/> when it is empty or not JSON.</summary>
    public JsonElement? Json { get; }

    /// <summary>Gets the <c>model</c> the body asked for, if any.</summary>
    public string? Model { get; }

    /// <summary>Gets a value indicating whether the client asked for a streamed reply.</summary>
    public bool IsStreaming { get; }

    /// <summary>
    /// Gets the text of the last <c>user</c> message (string content, or the <c>text</c> parts of array content joined),
    /// or <see langword="null"/> when there is none. The message shape is the same in all three protocols.
    /// </summary>
    public string? LastUserText { get; }

    /// <summary>Gets when the request arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Protocol} {Method} {Path} model={Model ?? "-"} stream={IsStreaming}";

    private static JsonElement? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FindLastUserText(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? last = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("role", out var role)
                && role.ValueEquals("user")
                && message.TryGetProperty("content", out var content))
            {
                last = TextOf(content);
            }
        }

        return last;
    }

    private static string? TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var parts = content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            .Select(part => part.GetProperty("text").GetString());
        return string.Concat(parts);
    }
}
