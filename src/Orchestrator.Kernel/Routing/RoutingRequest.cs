namespace Orchestrator.Routing;

/// <summary>
/// What one request asks of the router: tiers, price ceilings, capabilities and privacy. Attach it with
/// <see cref="RoutingChatOptionsExtensions.WithRouting(Microsoft.Extensions.AI.ChatOptions, RoutingRequest)"/>.
/// Tools and JSON mode are required automatically when the request uses them.
/// </summary>
public sealed record RoutingRequest
{
    /// <summary>Gets the cheapest tier the request may use (0 local ... 3 premium).</summary>
    public int MinTier { get; init; }

    /// <summary>Gets the most expensive tier the request may use.</summary>
    public int MaxTier { get; init; } = 3;

    /// <summary>Gets the highest input price, USD per 1M tokens, the request accepts.</summary>
    public decimal? MaxInputPricePerMillion { get; init; }

    /// <summary>Gets the highest output price, USD per 1M tokens, the request accepts.</summary>
    public decimal? MaxOutputPricePerMillion { get; init; }

    /// <summary>Gets a value indicating whether the model must support tool calling.</summary>
    public bool RequireTools { get; init; }

    /// <summary>Gets a value indicating whether the model must support a JSON response format.</summary>
    public bool RequireJsonMode { get; init; }

    /// <summary>Gets the smallest context window, in tokens, the request needs.</summary>
    public int? MinContextWindow { get; init; }

    /// <summary>Gets a value indicating whether the request is private: only local models may see it.</summary>
    public bool Private { get; init; }

    /// <summary>Gets the provider names the request may use; empty means any.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    /// <summary>
    /// Gets the models the request may use, each <c>provider/model</c> or a bare model id (any provider serving it);
    /// empty means any. The OpenAI-compatible gateway sets it from the request's <c>model</c> and the key's allowed models.
    /// </summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Tells whether a name from <see cref="Models"/> designates a configured provider's model.</summary>
    /// <param name="name"><c>provider/model</c> or a bare model id (case-insensitive).</param>
    /// <param name="provider">The configured provider name.</param>
    /// <param name="modelId">The model id.</param>
    /// <returns><see langword="true"/> when the name is the model id or <c>provider/model</c>.</returns>
    public static bool NamesModel(string name, string provider, string modelId)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(modelId);
        return string.Equals(name, modelId, StringComparison.OrdinalIgnoreCase)
            || (name.Length == provider.Length + 1 + modelId.Length
                && name[provider.Length] == '/'
                && name.StartsWith(provider, StringComparison.OrdinalIgnoreCase)
                && name.EndsWith(modelId, StringComparison.OrdinalIgnoreCase));
    }
}
