namespace Orchestrator.Configuration;

/// <summary>One configured provider endpoint, bound from <c>Orchestrator:Providers:NAME</c>.</summary>
public sealed class ProviderOptions
{
    /// <summary>
    /// Gets or sets the provider type: <c>openai</c>, <c>openai-compatible</c>, <c>fireworks</c>, <c>together</c>, <c>jan</c>,
    /// <c>ollama-openai</c>, <c>anthropic</c>, <c>ollama</c> or <c>llamasharp</c>. Defaults to the provider's name when that is a known type.
    /// </summary>
    public string? Type { get; set; }

    /// <summary>Gets or sets a value indicating whether the provider is used. A disabled provider is listed but never called.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the endpoint; presets supply the vendor's URL, so this is needed only for <c>openai-compatible</c> or a non-default host.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets the API key. Prefer <see cref="ApiKeyEnvironmentVariable"/> or the preset's variable (e.g. <c>OPENAI_API_KEY</c>):
    /// keys belong in the environment or a secret store, never in a checked-in file.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the environment variable holding the API key; presets default it (e.g. <c>ANTHROPIC_API_KEY</c>).</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>Gets or sets whether the endpoint runs on the host's own hardware. Presets for Ollama, Jan and LLamaSharp are local.</summary>
    public bool? Local { get; set; }

    /// <summary>Gets or sets the catalog provider family whose models and prices this endpoint serves; defaults to the type's family.</summary>
    public string? CatalogProvider { get; set; }

    /// <summary>Gets or sets the model ids this provider serves; when empty, every catalog model of its family.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Gets or sets the order among providers of the same tier; lower is tried first.</summary>
    public int Priority { get; set; } = 100;

    /// <summary>Gets or sets the time limit of one attempt, in seconds (for a stream, until it completes).</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Gets or sets provider-specific settings (e.g. <c>ModelPath</c>, <c>ContextSize</c> for LLamaSharp).</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
