using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Reranking;

/// <summary>The fast tier's reranker: keeps the first-stage order and scores and returns the first <c>topK</c>.</summary>
public sealed class PassThroughReranker : IReranker
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        return Task.FromResult<IReadOnlyList<ScoredChunk>>(candidates.Count <= topK ? candidates : [.. candidates.Take(topK)]);
    }
}
