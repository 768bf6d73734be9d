namespace Orchestrator.Retrieval;

/// <summary>
/// Stores chunk embeddings and finds the nearest by cosine similarity. Implementations: the embedded exact index
/// (default) and Qdrant; both pass the same conformance suite.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Adds or replaces records by chunk id.</summary>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>A task that completes when the records are searchable.</returns>
    Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>A task that completes when the chunks are gone.</returns>
    Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Returns the <paramref name="topK"/> chunks most similar to <paramref name="vector"/> among those passing <paramref name="filter"/>.</summary>
    /// <param name="vector">The query embedding.</param>
    /// <param name="topK">How many to return.</param>
    /// <param name="filter">An optional metadata filter applied before the top k.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The chunks with cosine similarity, best first.</returns>
    Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the number of stored chunks.</summary>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
