namespace Orchestrator.Retrieval;

/// <summary>Finds the chunks most relevant to a query.</summary>
public interface IRetriever
{
    /// <summary>Retrieves up to <see cref="RetrievalOptions.TopK"/> chunks, best first, all satisfying the options' filter.</summary>
    /// <param name="query">The natural-language query.</param>
    /// <param name="options">Per-query options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the search.</param>
    /// <returns>The scored chunks, best first.</returns>
    Task<IReadOnlyList<ScoredChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default);
}
