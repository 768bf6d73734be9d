namespace Orchestrator.Retrieval;

/// <summary>Reranking settings, bound from <c>Orchestrator:Rag:Rerank</c>.</summary>
public sealed class RerankOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Orchestrator:Rag:Rerank";

    /// <summary>Gets or sets the tier.</summary>
    public RerankTier Tier { get; set; } = RerankTier.Fast;

    /// <summary>
    /// Gets or sets the weight of the rerankers in the ensemble tiers, in [0, 1]:
    /// <c>alpha * mean(normalized reranker scores) + (1 - alpha) * normalized first-stage score</c>.
    /// </summary>
    public double Alpha { get; set; } = 0.5;

    /// <summary>Gets or sets how many first-stage candidates are reranked (the rest keep their first-stage order below them).</summary>
    public int CandidateDepth { get; set; } = 20;

    /// <summary>Gets or sets a value indicating whether the fast tier reranks with the cross-encoder alone instead of not at all.</summary>
    public bool FastUsesCrossEncoder { get; set; }
}
