using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.Anthropic;

/// <summary>
/// Anthropic reports overload, rate limits and server errors inside a 200 stream as <c>event: error</c>; the SDK
/// throws <see cref="AnthropicSseException"/>, which says nothing the classifier understands. This names the HTTP status
/// each error type stands for, so such a stream fails (and fails over) exactly as the status would have.
/// </summary>
internal sealed class AnthropicErrorEventChatClient : DelegatingChatClient
{
    public AnthropicErrorEventChatClient(IChatClient inner)
        : base(inner)
    {
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (AnthropicSseException ex)
                {
                    var body = ex.Body.ValueKind == JsonValueKind.Undefined ? null : ex.Body.GetRawText();
                    throw new ProviderErrorEventException(StatusOf(body), body, ex);
                }

                yield return enumerator.Current;
            }
        }
    }

    /// <summary>The status Anthropic documents for each error type; an unknown type is taken as a server error.</summary>
    internal static int StatusOf(string? eventData) => ErrorTypeOf(eventData) switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    private static string? ErrorTypeOf(string? eventData)
    {
        if (string.IsNullOrWhiteSpace(eventData))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(eventData);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
