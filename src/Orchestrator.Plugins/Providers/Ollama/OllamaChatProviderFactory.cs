using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.Ollama;

/// <summary>Creates providers that speak Ollama's native <c>/api/chat</c> protocol through OllamaSharp.</summary>
internal sealed class OllamaChatProviderFactory : IChatProviderFactory
{
    private readonly TimeProvider _time;

    public OllamaChatProviderFactory(TimeProvider time) => _time = time;

    public string Protocol => "ollama";

    public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

    public IChatProvider Create(ProviderDescriptor provider) => new OllamaChatProvider(provider, _time);
}
