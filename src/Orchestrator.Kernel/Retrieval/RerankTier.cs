namespace Orchestrator.Retrieval;

/// <summary>How much second-stage work a query gets after first-stage (hybrid) retrieval.</summary>
public enum RerankTier
{
    /// <summary>First-stage order as is, or the cross-encoder alone when <see cref="RerankOptions.FastUsesCrossEncoder"/> is set.</summary>
    Fast,

    /// <summary>The cross-encoder blended with the first-stage score (an ensemble with one reranker).</summary>
    Balanced,

    /// <summary>The cross-encoder and an LLM reranker, averaged and blended with the first-stage score.</summary>
    Accurate,
}
