using System.Buffers;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Http;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>
/// An OpenAI-protocol model's client that forwards a caller's own request body when one is attached
/// (<see cref="OpenAIPassThroughRequest"/>, set by the gateway) and parses only what the layers above need from the
/// answer (text, tool calls, finish reason, usage), keeping the body, or each streamed event, for the gateway to send
/// back. Everything else goes to the OpenAI SDK client it wraps. The request goes through the same handler chain (and so
/// the same error capture and classification) as the SDK's, on a client without automatic decompression: it asks for
/// no content coding (a chat completion is a few hundred bytes) and decodes one only if a provider sends it anyway.
/// </summary>
internal sealed class OpenAIPassThroughChatClient : DelegatingChatClient
{
    private static readonly JsonEncodedText[] ModelProperty = [JsonEncodedText.Encode("model")];
    private static readonly JsonEncodedText[] StreamedProperties = [JsonEncodedText.Encode("model"), JsonEncodedText.Encode("stream_options")];
    private static readonly JsonEncodedText[] IncludeUsageProperty = [JsonEncodedText.Encode("include_usage")];
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _modelId;

    public OpenAIPassThroughChatClient(IChatClient sdkClient, HttpClient http, Uri endpoint, string apiKey, string modelId)
        : base(sdkClient)
    {
        _http = http;
        _endpoint = endpoint;
        _authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _modelId = modelId;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAIPassThroughRequest.From(options) is { } passThrough
            ? ForwardAsync(passThrough, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAIPassThroughRequest.From(options) is { } passThrough
            ? ForwardStreamingAsync(passThrough, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private async Task<ChatResponse> ForwardAsync(OpenAIPassThroughRequest passThrough, CancellationToken cancellationToken)
    {
        using var request = Post(Rewritten(passThrough.Body.Span, ModelProperty, _modelId, static (w, _, _, model) => w.WriteStringValue(model)));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response);
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Encoding", out var codings))
        {
            body = await ContentCoding.DecodeAsync(body, codings.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return OpenAIWireParser.ParseChatCompletion(body);
    }

    /// <summary>
    /// Forwards a streamed request with <c>stream_options.include_usage</c> set (so the budget settles on the provider's
    /// counts) and yields one update per <c>data:</c> event, each carrying the event's bytes, until <c>[DONE]</c>.
    /// </summary>
    private async IAsyncEnumerable<ChatResponseUpdate> ForwardStreamingAsync(OpenAIPassThroughRequest passThrough, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Post(WithModelAndUsage(passThrough.Body, _modelId));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(response);
        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"A streamed request was answered with content type '{response.Content.Headers.ContentType?.MediaType}' instead of text/event-stream.");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Encoding", out var codings))
        {
            stream = ContentCoding.Decoding(stream, codings.ToString());
        }

        await using (stream.ConfigureAwait(false))
        {
            await foreach (var item in SseParser.Create(stream, static (_, data) => data.ToArray()).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.Data.AsSpan().SequenceEqual("[DONE]"u8))
                {
                    yield break;
                }

                yield return OpenAIWireParser.ParseChunk(item.Data);
            }
        }
    }

    private HttpRequestMessage Post(ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static void ThrowIfFailed(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            // The HTTP layer captured status, Retry-After and body; the classifier turns them into the same typed error
            // the SDK path gets.
            throw new HttpRequestException($"The provider answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    /// <summary>The caller's body with <c>model</c> set to this provider's model id and <c>stream_options.include_usage</c> true (its other options kept).</summary>
    private static ReadOnlyMemory<byte> WithModelAndUsage(ReadOnlyMemory<byte> body, string modelId) =>
        Rewritten(body.Span, StreamedProperties, modelId, static (w, index, original, model) =>
        {
            if (index == 0)
            {
                w.WriteStringValue(model);
            }
            else if (!original.IsEmpty && original[0] == (byte)'{')
            {
                JsonObjectRewriter.Rewrite(original, w, IncludeUsageProperty, 0, static (inner, _, _, _) => inner.WriteBooleanValue(true));
            }
            else
            {
                w.WriteStartObject();
                w.WriteBoolean(IncludeUsageProperty[0], true);
                w.WriteEndObject();
            }
        });

    /// <summary>The caller's body with some top-level properties replaced, written into one buffer sent as it is (no copy into a second array).</summary>
    private static ReadOnlyMemory<byte> Rewritten<TState>(ReadOnlySpan<byte> body, JsonEncodedText[] names, TState state, JsonObjectRewriter.ValueWriter<TState> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonObjectRewriter.Rewrite(body, writer, names, state, writeValue);
        }

        return buffer.WrittenMemory;
    }
}
