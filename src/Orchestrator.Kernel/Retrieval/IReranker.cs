namespace Orchestrator.Retrieval;

/// <summary>Re-scores retrieved candidates against the query with a more expensive model.</summary>
public interface IReranker
{
    /// <summary>Returns the best <paramref name="topK"/> of <paramref name="candidates"/>, re-scored, best first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="candidates">The first-stage candidates.</param>
    /// <param name="topK">How many to return.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The re-scored chunks, best first.</returns>
    Task<IReadOnlyList<ScoredChunk>> RerankAsync(string query, IReadOnlyList<ScoredChunk> candidates, int topK, CancellationToken cancellationToken = default);
}
