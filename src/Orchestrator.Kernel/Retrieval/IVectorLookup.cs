namespace Orchestrator.Retrieval;

/// <summary>
/// Optional capability of an <see cref="IVectorIndex"/>: returns stored vectors by chunk id, which pseudo-relevance
/// feedback needs to move the query toward its top results without re-embedding them.
/// </summary>
public interface IVectorLookup
{
    /// <summary>Returns the stored vectors of the given chunks (missing ids are left out).</summary>
    /// <param name="chunkIds">The chunk ids.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>Chunk id to vector.</returns>
    Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default);
}
