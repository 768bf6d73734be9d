using Orchestrator.Catalog;
using Orchestrator.Routing;

namespace Orchestrator.Configuration;

/// <summary>
/// Orchestrator's settings, bound from the <c>Orchestrator</c> configuration section.
/// See <c>docs/configuration.md</c> for every key and the precedence of sources.
/// </summary>
public sealed class OrchestratorOptions
{
    /// <summary>The configuration section Orchestrator binds from.</summary>
    public const string SectionName = "Orchestrator";

    /// <summary>Gets or sets the configured providers by name (the name is used in service ids: <c>name/model</c>).</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets catalog entries that override or extend the embedded model catalog.</summary>
    public List<ModelDescriptor> Models { get; set; } = [];

    /// <summary>Gets or sets the default model as <c>provider/model</c>; when unset, the cheapest configured model is the default.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Gets or sets a value indicating whether the whole host is private: only local (tier-0) models may be called.</summary>
    public bool PrivacyMode { get; set; }

    /// <summary>Gets or sets the router's policy (<c>Orchestrator:Routing</c>).</summary>
    public RoutingOptions Routing { get; set; } = new();
}
