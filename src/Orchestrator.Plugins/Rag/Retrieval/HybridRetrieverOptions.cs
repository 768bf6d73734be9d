using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Retrieval;

/// <summary>Options for <see cref="HybridRetriever"/>.</summary>
public sealed class HybridRetrieverOptions
{
    /// <summary>Gets or sets which retrievers run.</summary>
    public RetrievalMode Mode { get; set; } = RetrievalMode.Hybrid;

    /// <summary>Gets or sets the default fusion (a query can override it through <see cref="RetrievalOptions.Fusion"/>).</summary>
    public FusionOptions Fusion { get; set; } = new();
}
