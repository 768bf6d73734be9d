using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using Orchestrator.Http;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>An OpenAI-protocol endpoint served through the official OpenAI SDK.</summary>
internal sealed class OpenAIChatProvider : IChatProvider
{
    // Local OpenAI-compatible servers (Jan, Ollama's /v1) ignore the key, but the SDK requires one.
    private const string PlaceholderKey = "not-needed";

    // The OpenAI SDK's own default when no BaseUrl is configured.
    private static readonly Uri DefaultEndpoint = new("https://api.openai.com/v1/");
    private readonly HttpClient _http;

    // The pass-through's own client: no automatic decompression (see OpenAIPassThroughChatClient).
    private readonly HttpClient _forward;
    private readonly OpenAIClient _client;
    private readonly TimeProvider _time;

    public OpenAIChatProvider(ProviderDescriptor descriptor, TimeProvider time)
    {
        Descriptor = descriptor;
        _time = time;
        _http = ProviderHttp.CreateClient(null);
        _forward = ProviderHttp.CreateClient(null, System.Net.DecompressionMethods.None);
        _client = new OpenAIClient(new ApiKeyCredential(descriptor.ApiKey ?? PlaceholderKey), new OpenAIClientOptions
        {
            Endpoint = descriptor.BaseUri,
            Transport = new HttpClientPipelineTransport(_http),

            // Orchestrator's router owns retries and failover; SDK retries would hide Retry-After and double the wait.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
    }

    public ProviderDescriptor Descriptor { get; }

    public IChatClient CreateChatClient(string modelId) =>
        new OpenAIPassThroughChatClient(_client.GetChatClient(modelId).AsIChatClient(), _forward, new Uri(EnsureSlash(Descriptor.BaseUri ?? DefaultEndpoint), "chat/completions"), Descriptor.ApiKey ?? PlaceholderKey, modelId);

    public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        HttpHealthProbe.GetAsync(
            _http,
            new Uri(EnsureSlash(Descriptor.BaseUri!), "models"),
            headers =>
            {
                if (Descriptor.ApiKey is not null)
                {
                    headers.Authorization = new("Bearer", Descriptor.ApiKey);
                }
            },
            body => HttpHealthProbe.ExpectJsonProperty(body, "data"),
            _time,
            cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        _forward.Dispose();
    }

    private static Uri EnsureSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
