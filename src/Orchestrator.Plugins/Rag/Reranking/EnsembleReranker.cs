using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Reranking;

/// <summary>
/// Combines a reranker's scores with the first-stage scores: <c>alpha * rerank + (1 - alpha) * first</c>, each
/// min-max normalized over the candidates. With several rerankers, their normalized scores are averaged first.
/// </summary>
public sealed class EnsembleReranker : IReranker
{
    private readonly IReranker[] _rerankers;
    private readonly double _alpha;

    /// <summary>Initializes a new instance of the <see cref="EnsembleReranker"/> class.</summary>
    /// <param name="alpha">The weight of the rerankers, in [0, 1].</param>
    /// <param name="rerankers">One or more rerankers.</param>
    public EnsembleReranker(double alpha, params IReranker[] rerankers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alpha, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alpha, 1);
        ArgumentNullException.ThrowIfNull(rerankers);
        if (rerankers.Length == 0)
        {
            throw new ArgumentException("An ensemble needs at least one reranker.", nameof(rerankers));
        }

        _alpha = alpha;
        _rerankers = rerankers;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var combined = Normalize(candidates).ToDictionary(p => p.Key, p => (1 - _alpha) * p.Value, StringComparer.Ordinal);
        foreach (var reranker in _rerankers)
        {
            var scored = await reranker.RerankAsync(query, candidates, candidates.Count, cancellationToken).ConfigureAwait(false);
            foreach (var (id, value) in Normalize(scored))
            {
                if (combined.TryGetValue(id, out var current))
                {
                    combined[id] = current + (_alpha * value / _rerankers.Length);
                }
            }
        }

        return [.. candidates
            .Select((c, i) => (c.Chunk, Score: combined[c.Chunk.Id], Rank: i))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Rank)
            .Take(topK)
            .Select(x => new ScoredChunk(x.Chunk, x.Score))];
    }

    private static Dictionary<string, double> Normalize(IReadOnlyList<ScoredChunk> list)
    {
        var max = list.Count == 0 ? 0 : list.Max(c => c.Score);
        var min = list.Count == 0 ? 0 : list.Min(c => c.Score);
        var range = max - min;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in list)
        {
            result.TryAdd(c.Chunk.Id, range > 0 ? (c.Score - min) / range : 1);
        }

        return result;
    }
}
