using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Http;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>
/// An OpenAI-protocol model's client that forwards a caller's own request body when one is attached
/// (<see cref="OpenAIPassThroughRequest"/>, set by the gateway on non-streamed calls) and parses only what the layers
/// above need from the answer (text, tool calls, finish reason, usage), keeping the body for the gateway to send back.
/// Everything else goes to the OpenAI SDK client it wraps. The request goes through the same handler chain (and so
/// the same error capture and classification) as the SDK's, on a client without automatic decompression: it asks for
/// no content coding (a chat completion is a few hundred bytes) and decodes one only if a provider sends it anyway.
/// </summary>
internal sealed class OpenAIPassThroughChatClient : DelegatingChatClient
{
    private static readonly JsonEncodedText[] ModelProperty = [JsonEncodedText.Encode("model")];
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

    private async Task<ChatResponse> ForwardAsync(OpenAIPassThroughRequest passThrough, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(WithModel(passThrough.Body.Span, _modelId)) };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Encoding", out var codings))
        {
            body = await ContentCoding.DecodeAsync(body, codings.ToString(), cancellationToken).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            // The HTTP layer captured status, Retry-After and body; the classifier turns them into the same typed error
            // the SDK path gets.
            throw new HttpRequestException($"The provider answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        return OpenAIWireParser.ParseChatCompletion(body);
    }

    /// <summary>The caller's body with <c>model</c> set to this provider's model id.</summary>
    private static ReadOnlyMemory<byte> WithModel(ReadOnlySpan<byte> body, string modelId)
    {
        // The writer's own buffer is sent as it is (no copy into a second array).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonObjectRewriter.Rewrite(body, writer, ModelProperty, modelId, static (w, _, model) => w.WriteStringValue(model));
        }

        return buffer.WrittenMemory;
    }
}
