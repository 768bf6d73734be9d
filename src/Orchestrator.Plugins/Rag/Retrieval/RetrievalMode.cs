namespace Orchestrator.Rag.Retrieval;

/// <summary>Which first-stage retrievers a <see cref="HybridRetriever"/> runs.</summary>
public enum RetrievalMode
{
    /// <summary>BM25 and dense, fused.</summary>
    Hybrid,

    /// <summary>BM25 only.</summary>
    Keyword,

    /// <summary>Dense (embedding) only.</summary>
    Dense,
}
