using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// An embedded index searched with the two-pass search's first pass on the calling thread alone, as before it was split
/// over the cores, so a benchmark can measure the whole query before and after in one run.
/// </summary>
internal sealed class OnePartVectorIndex(EmbeddedVectorIndex inner) : IVectorIndex, IVectorLookup
{
    public Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default) =>
        inner.SearchAsync(vector, topK, filter, maxParts: 1, cancellationToken);

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) => inner.UpsertAsync(records, cancellationToken);

    public Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => inner.DeleteDocumentAsync(documentId, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
        inner.GetVectorsAsync(chunkIds, cancellationToken);
}
