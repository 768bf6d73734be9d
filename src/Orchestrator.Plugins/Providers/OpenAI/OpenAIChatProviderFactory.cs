using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>Creates providers that speak OpenAI's chat completions protocol: OpenAI itself and the compatible presets (Fireworks, Together, Jan, Ollama's /v1).</summary>
internal sealed class OpenAIChatProviderFactory : IChatProviderFactory
{
    private readonly TimeProvider _time;

    public OpenAIChatProviderFactory(TimeProvider time) => _time = time;

    public string Protocol => "openai";

    public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

    public IChatProvider Create(ProviderDescriptor provider) => new OpenAIChatProvider(provider, _time);
}
