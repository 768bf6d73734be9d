using Microsoft.Extensions.Logging;

namespace Orchestrator.Providers.LlamaSharp;

/// <summary>Creates <see cref="LlamaSharpChatProvider"/>s for providers of type <c>llamasharp</c>.</summary>
internal sealed class LlamaSharpChatProviderFactory : IChatProviderFactory
{
    /// <summary>The protocol name providers of type <c>llamasharp</c> resolve to.</summary>
    public const string ProtocolName = "llamasharp";

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;

    public LlamaSharpChatProviderFactory(ILoggerFactory loggerFactory, TimeProvider time)
    {
        _loggerFactory = loggerFactory;
        _time = time;
    }

    public string Protocol => ProtocolName;

    public IEnumerable<string> Validate(ProviderDescriptor provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return LlamaSharpSettings.Validate(provider);
    }

    public IChatProvider Create(ProviderDescriptor provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new LlamaSharpChatProvider(provider, _loggerFactory, _time);
    }
}
