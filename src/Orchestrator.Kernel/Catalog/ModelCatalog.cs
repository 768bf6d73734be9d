using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Configuration;

namespace Orchestrator.Catalog;

/// <summary>
/// The models Orchestrator knows: the embedded catalog of list prices, overridden and extended by
/// <c>Orchestrator:Models</c>. Every model has an explicit price; a local model is priced 0 explicitly.
/// </summary>
public sealed class ModelCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, ModelDescriptor> _models;

    /// <summary>Initializes a new instance of the <see cref="ModelCatalog"/> class.</summary>
    /// <param name="models">The models, each validated.</param>
    /// <exception cref="OrchestratorConfigurationException">A model has no price, a negative price, or a bad tier.</exception>
    public ModelCatalog(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var model in models)
        {
            Validate(model, $"Orchestrator:Models:{index++}");
            _models[model.Key] = model;
        }
    }

    /// <summary>Gets every model in the catalog.</summary>
    public IReadOnlyCollection<ModelDescriptor> Models => _models.Values;

    /// <summary>Loads the catalog embedded in this assembly.</summary>
    /// <returns>The embedded models.</returns>
    public static IReadOnlyList<ModelDescriptor> LoadEmbedded()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("Orchestrator.Catalog.models.json")
            ?? throw new InvalidOperationException("The embedded model catalog is missing from Orchestrator.Kernel; the package is damaged.");
        var document = JsonSerializer.Deserialize<CatalogDocument>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The embedded model catalog is empty; the package is damaged.");
        return document.Models;
    }

    /// <summary>Builds a catalog from the embedded models with <paramref name="overrides"/> replacing or adding entries by provider and id.</summary>
    /// <param name="overrides">Entries from configuration; an entry with the same provider and id replaces the embedded one.</param>
    /// <returns>The merged catalog.</returns>
    public static ModelCatalog CreateDefault(IEnumerable<ModelDescriptor>? overrides = null)
    {
        var merged = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in LoadEmbedded())
        {
            merged[model.Key] = model;
        }

        foreach (var model in overrides ?? [])
        {
            merged[model.Key] = model.Clone();
        }

        return new ModelCatalog(merged.Values);
    }

    /// <summary>Finds a model by the provider family or name that serves it and its id.</summary>
    /// <param name="provider">The provider family or configured provider name.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="model">The model, when found.</param>
    /// <returns><see langword="true"/> when the catalog has the model.</returns>
    public bool TryGet(string provider, string modelId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelDescriptor? model) =>
        _models.TryGetValue($"{provider}/{modelId}", out model);

    /// <summary>Lists the models served by a provider family or configured provider name.</summary>
    /// <param name="provider">The provider family or name.</param>
    /// <returns>The models, cheapest tier first.</returns>
    public IReadOnlyList<ModelDescriptor> ForProvider(string provider) =>
        [.. _models.Values.Where(m => string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase)).OrderBy(m => m.Tier).ThenBy(m => m.Id, StringComparer.Ordinal)];

    private static void Validate(ModelDescriptor model, string path)
    {
        if (string.IsNullOrWhiteSpace(model.Provider) || string.IsNullOrWhiteSpace(model.Id))
        {
            throw new OrchestratorConfigurationException(path, "every model needs a Provider and an Id.");
        }

        path = $"{path} ({model.Key})";
        if (model.InputPricePerMillion is null || model.OutputPricePerMillion is null)
        {
            throw new OrchestratorConfigurationException(path,
                $"model '{model.Key}' has no price. Set InputPricePerMillion and OutputPricePerMillion (USD per 1M tokens); a local model must be priced 0 explicitly.");
        }

        if (model.InputPricePerMillion < 0 || model.OutputPricePerMillion < 0 || model.CachedInputPricePerMillion < 0)
        {
            throw new OrchestratorConfigurationException(path, $"model '{model.Key}' has a negative price; prices are USD per 1M tokens and must be 0 or more.");
        }

        if (model.Tier is < 0 or > 3)
        {
            throw new OrchestratorConfigurationException(path, $"model '{model.Key}' has tier {model.Tier}; tiers are 0 (local), 1 (cheap cloud), 2 and 3 (premium).");
        }

        if (model.Local && (model.InputPricePerMillion != 0 || model.OutputPricePerMillion != 0))
        {
            throw new OrchestratorConfigurationException(path, $"model '{model.Key}' is marked Local but has a non-zero price; local models run on the host and are priced 0.");
        }
    }

    private sealed class CatalogDocument
    {
        [JsonPropertyName("models")]
        public List<ModelDescriptor> Models { get; set; } = [];
    }
}
