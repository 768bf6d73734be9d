using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// An embedded index searched the former way (every row scored in float, <see cref="EmbeddedVectorIndex.SearchEveryRowInFloat"/>),
/// so a benchmark can measure the whole query before and after the two-pass search in one run. Search only, no filter.
/// </summary>
internal sealed class EveryRowVectorIndex(EmbeddedVectorIndex inner) : IVectorIndex, IVectorLookup
{
    public Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default) =>
        filter is { IsEmpty: false }
            ? throw new NotSupportedException("The benchmark baseline does not filter.")
            : Task.FromResult(inner.SearchEveryRowInFloat(vector.Span, topK));

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) => inner.UpsertAsync(records, cancellationToken);

    public Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => inner.DeleteDocumentAsync(documentId, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
        inner.GetVectorsAsync(chunkIds, cancellationToken);
}
