namespace Orchestrator.Retrieval;

/// <summary>Per-query retrieval options.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Gets or sets how many chunks to return.</summary>
    public int TopK { get; set; } = 10;

    /// <summary>Gets or sets an optional metadata filter applied inside every retriever before the top k.</summary>
    public MetadataFilter? Filter { get; set; }

    /// <summary>Gets or sets the fusion to use for this query; <see langword="null"/> uses the retriever's configured default.</summary>
    public FusionOptions? Fusion { get; set; }
}
