using Anthropic;
using Microsoft.Extensions.AI;
using Orchestrator.Http;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.Anthropic;

/// <summary>An Anthropic messages endpoint served through the official Anthropic SDK and its IChatClient adapter.</summary>
internal sealed class AnthropicChatProvider : IChatProvider
{
    private const string ApiVersion = "2023-06-01";
    private readonly HttpClient _http;
    private readonly AnthropicClient _client;
    private readonly TimeProvider _time;

    public AnthropicChatProvider(ProviderDescriptor descriptor, TimeProvider time)
    {
        Descriptor = descriptor;
        _time = time;
        _http = ProviderHttp.CreateClient(null);
        _client = new AnthropicClient
        {
            HttpClient = _http,
            BaseUrl = descriptor.BaseUri!.AbsoluteUri.TrimEnd('/'),
            ApiKey = descriptor.ApiKey,

            // The router owns retries and failover.
            MaxRetries = 0,
            Timeout = descriptor.Timeout,
        };
    }

    public ProviderDescriptor Descriptor { get; }

    public IChatClient CreateChatClient(string modelId)
    {
        var maxOutput = Descriptor.FindModel(modelId)?.MaxOutputTokens;
        return new AnthropicErrorEventChatClient(_client.AsIChatClient(modelId, maxOutput is > 0 ? maxOutput : null));
    }

    public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        HttpHealthProbe.GetAsync(
            _http,
            new Uri(new Uri(Descriptor.BaseUri!.AbsoluteUri.TrimEnd('/') + "/"), "v1/models"),
            headers =>
            {
                headers.Add("anthropic-version", ApiVersion);
                if (Descriptor.ApiKey is not null)
                {
                    headers.Add("x-api-key", Descriptor.ApiKey);
                }
            },
            body => HttpHealthProbe.ExpectJsonProperty(body, "data"),
            _time,
            cancellationToken);

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }
}
