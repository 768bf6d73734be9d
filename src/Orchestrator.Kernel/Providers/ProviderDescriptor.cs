using Orchestrator.Catalog;

namespace Orchestrator.Providers;

/// <summary>A configured provider after presets, environment and validation have been applied.</summary>
public sealed class ProviderDescriptor
{
    /// <summary>Gets the configured name, used in service ids (<c>name/model</c>) and logs.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the provider type (e.g. <c>fireworks</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the wire protocol: <c>openai</c>, <c>anthropic</c>, <c>ollama</c> or <c>llamasharp</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>Gets the endpoint, or <see langword="null"/> for in-process providers.</summary>
    public Uri? BaseUri { get; init; }

    /// <summary>Gets the API key, or <see langword="null"/> when none is needed. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets a value indicating whether the provider runs on the host (privacy-safe).</summary>
    public bool Local { get; init; }

    /// <summary>Gets a value indicating whether the provider may be called.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the order among providers of the same tier; lower first.</summary>
    public int Priority { get; init; }

    /// <summary>Gets the time limit of one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the models this provider serves, with prices.</summary>
    public IReadOnlyList<ModelDescriptor> Models { get; init; } = [];

    /// <summary>Gets provider-specific settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Finds a model this provider serves.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The model, or <see langword="null"/>.</returns>
    public ModelDescriptor? FindModel(string modelId) =>
        Models.FirstOrDefault(m => string.Equals(m.Id, modelId, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type}{(Local ? ", local" : string.Empty)})";
}
