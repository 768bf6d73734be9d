using Microsoft.Extensions.AI;
using OllamaSharp;
using Orchestrator.Http;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.Ollama;

/// <summary>A local Ollama server spoken to natively (NDJSON streaming) through OllamaSharp.</summary>
internal sealed class OllamaChatProvider : IChatProvider
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public OllamaChatProvider(ProviderDescriptor descriptor, TimeProvider time)
    {
        Descriptor = descriptor;
        _time = time;
        _http = ProviderHttp.CreateClient(descriptor.BaseUri);
    }

    public ProviderDescriptor Descriptor { get; }

    // OllamaApiClient does not own the HttpClient it is given, so one client per model is cheap and safe.
    public IChatClient CreateChatClient(string modelId) => new OllamaApiClient(_http, modelId);

    public Task<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        HttpHealthProbe.GetAsync(
            _http,
            new Uri(Descriptor.BaseUri!, "api/tags"),
            _ => { },
            body => HttpHealthProbe.ExpectJsonProperty(body, "models"),
            _time,
            cancellationToken);

    public void Dispose() => _http.Dispose();
}
