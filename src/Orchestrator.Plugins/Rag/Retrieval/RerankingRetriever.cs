using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Retrieval;

/// <summary>
/// Decorates a first-stage retriever with a reranker: the first <c>candidateDepth</c> results are reranked and come
/// first; when more than that is asked for, the remaining first-stage results follow in first-stage order with their
/// first-stage scores (a different scale: order, not score, is what ranks across the boundary).
/// </summary>
public sealed class RerankingRetriever : IRetriever
{
    private readonly IRetriever _inner;
    private readonly IReranker _reranker;
    private readonly int _candidateDepth;

    /// <summary>Initializes a new instance of the <see cref="RerankingRetriever"/> class.</summary>
    /// <param name="inner">The first-stage retriever.</param>
    /// <param name="reranker">The reranker.</param>
    /// <param name="candidateDepth">How many first-stage results are reranked.</param>
    public RerankingRetriever(IRetriever inner, IReranker reranker, int candidateDepth)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _reranker = reranker ?? throw new ArgumentNullException(nameof(reranker));
        ArgumentOutOfRangeException.ThrowIfLessThan(candidateDepth, 1);
        _candidateDepth = candidateDepth;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopK, 1);
        var first = await _inner.RetrieveAsync(
            query,
            new RetrievalOptions { TopK = Math.Max(options.TopK, _candidateDepth), Filter = options.Filter, Fusion = options.Fusion },
            cancellationToken).ConfigureAwait(false);
        var head = first.Count <= _candidateDepth ? first : [.. first.Take(_candidateDepth)];
        var reranked = await _reranker.RerankAsync(query, head, Math.Min(options.TopK, head.Count), cancellationToken).ConfigureAwait(false);
        if (reranked.Count >= options.TopK || first.Count <= head.Count)
        {
            return reranked;
        }

        return [.. reranked, .. first.Skip(head.Count).Take(options.TopK - reranked.Count)];
    }
}
