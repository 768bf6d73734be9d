using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.Anthropic;

/// <summary>Creates providers that speak Anthropic's messages protocol through the official Anthropic SDK.</summary>
internal sealed class AnthropicChatProviderFactory : IChatProviderFactory
{
    private readonly TimeProvider _time;

    public AnthropicChatProviderFactory(TimeProvider time) => _time = time;

    public string Protocol => "anthropic";

    public IEnumerable<string> Validate(ProviderDescriptor provider) => [];

    public IChatProvider Create(ProviderDescriptor provider) => new AnthropicChatProvider(provider, _time);
}
