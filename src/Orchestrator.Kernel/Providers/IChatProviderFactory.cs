namespace Orchestrator.Providers;

/// <summary>Creates providers of one wire protocol. Registered by the provider packages (e.g. <c>AddStandardProviders()</c>).</summary>
public interface IChatProviderFactory
{
    /// <summary>Gets the protocol this factory speaks: <c>openai</c>, <c>anthropic</c>, <c>ollama</c> or <c>llamasharp</c>.</summary>
    string Protocol { get; }

    /// <summary>Checks protocol-specific settings before anything is created.</summary>
    /// <param name="provider">The provider to check.</param>
    /// <returns>Problems found, each naming the setting and the fix; empty when valid.</returns>
    IEnumerable<string> Validate(ProviderDescriptor provider);

    /// <summary>Creates the provider.</summary>
    /// <param name="provider">The validated provider settings.</param>
    /// <returns>The provider.</returns>
    IChatProvider Create(ProviderDescriptor provider);
}
