namespace Orchestrator.Catalog;

/// <summary>
/// One model in the catalog: who serves it, its tier, its list prices per million tokens, its context window
/// and capabilities. Bound from the embedded catalog and from <c>Orchestrator:Models</c>.
/// </summary>
public sealed class ModelDescriptor
{
    /// <summary>Gets or sets the provider family or configured provider name that serves the model (e.g. <c>openai</c>, <c>anthropic</c>, <c>ollama</c>).</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>Gets or sets the model id as the provider's API expects it.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the tier: 0 local (free), 1 cheap cloud, 2 mid, 3 premium.</summary>
    public int Tier { get; set; }

    /// <summary>Gets or sets the price in US dollars per million input tokens.</summary>
    public decimal? InputPricePerMillion { get; set; }

    /// <summary>Gets or sets the price in US dollars per million output tokens.</summary>
    public decimal? OutputPricePerMillion { get; set; }

    /// <summary>Gets or sets the price per million cached input tokens; when unset, cached tokens cost the input price.</summary>
    public decimal? CachedInputPricePerMillion { get; set; }

    /// <summary>Gets or sets the context window in tokens.</summary>
    public int ContextWindow { get; set; }

    /// <summary>Gets or sets the largest completion the model can produce, in tokens.</summary>
    public int MaxOutputTokens { get; set; }

    /// <summary>Gets or sets a value indicating whether the model runs on the host's own hardware (privacy-safe, free).</summary>
    public bool Local { get; set; }

    /// <summary>Gets or sets a value indicating whether the model supports tool (function) calling.</summary>
    public bool SupportsTools { get; set; }

    /// <summary>Gets or sets a value indicating whether the model supports a JSON response format.</summary>
    public bool SupportsJsonMode { get; set; }

    /// <summary>Gets or sets a value indicating whether the model accepts images.</summary>
    public bool SupportsVision { get; set; }

    /// <summary>Gets the catalog key of the model, <c>provider/id</c>.</summary>
    public string Key => $"{Provider}/{Id}";

    /// <summary>Creates a copy, so overrides never mutate the shared embedded catalog.</summary>
    /// <returns>A shallow copy.</returns>
    public ModelDescriptor Clone() => (ModelDescriptor)MemberwiseClone();
}
