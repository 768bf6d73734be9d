namespace Orchestrator.Configuration;

/// <summary>
/// The defaults of a known provider type: the protocol that speaks to it, its endpoint, the environment
/// variable that holds its key, whether it is local, and the catalog family whose prices it uses.
/// </summary>
/// <param name="Type">The provider type name used in configuration.</param>
/// <param name="Protocol">The wire protocol: <c>openai</c>, <c>anthropic</c>, <c>ollama</c> or <c>llamasharp</c>.</param>
/// <param name="DefaultBaseUrl">The vendor's endpoint, or <see langword="null"/> when the user must give one.</param>
/// <param name="ApiKeyEnvironmentVariable">The conventional key variable, or <see langword="null"/> when no key is needed.</param>
/// <param name="Local">Whether the endpoint runs on the host.</param>
/// <param name="CatalogProvider">The catalog family whose models and prices apply.</param>
public sealed record ProviderPreset(string Type, string Protocol, string? DefaultBaseUrl, string? ApiKeyEnvironmentVariable, bool Local, string CatalogProvider)
{
    /// <summary>Gets the known provider types.</summary>
    public static IReadOnlyDictionary<string, ProviderPreset> Known { get; } = new Dictionary<string, ProviderPreset>(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = new("openai", "openai", "https://api.openai.com/v1/", "OPENAI_API_KEY", false, "openai"),
        ["openai-compatible"] = new("openai-compatible", "openai", null, null, false, "openai-compatible"),
        ["fireworks"] = new("fireworks", "openai", "https://api.fireworks.ai/inference/v1/", "FIREWORKS_API_KEY", false, "fireworks"),
        ["together"] = new("together", "openai", "https://api.together.xyz/v1/", "TOGETHER_API_KEY", false, "together"),
        ["jan"] = new("jan", "openai", "http://127.0.0.1:1337/v1/", null, true, "jan"),
        ["ollama-openai"] = new("ollama-openai", "openai", "http://127.0.0.1:11434/v1/", null, true, "ollama"),
        ["anthropic"] = new("anthropic", "anthropic", "https://api.anthropic.com/", "ANTHROPIC_API_KEY", false, "anthropic"),
        ["ollama"] = new("ollama", "ollama", "http://127.0.0.1:11434/", null, true, "ollama"),
        ["llamasharp"] = new("llamasharp", "llamasharp", null, null, true, "llamasharp"),
    };
}
