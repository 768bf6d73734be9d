using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Vectors;

/// <summary>
/// A vector index seen through a <see cref="VectorSpaceTransform"/>: records are mapped when they are stored and every
/// query vector is mapped before the inner index searches, so cosine scores are those of the corrected space (e.g. the
/// corpus mean removed). The inner index holds mapped vectors only; its lookups (<see cref="IVectorLookup"/>) return them.
/// </summary>
public sealed class TransformedVectorIndex : IVectorIndex, IVectorLookup
{
    private readonly IVectorIndex _inner;

    /// <summary>Initializes a new instance of the <see cref="TransformedVectorIndex"/> class.</summary>
    /// <param name="inner">The index that stores the mapped vectors.</param>
    /// <param name="transform">The transform, fitted on the vectors to be stored.</param>
    public TransformedVectorIndex(IVectorIndex inner, VectorSpaceTransform transform)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Transform = transform ?? throw new ArgumentNullException(nameof(transform));
    }

    /// <summary>Gets the transform.</summary>
    public VectorSpaceTransform Transform { get; }

    /// <summary>
    /// Builds a transformed copy of an embedded index: the transform is fitted on its stored vectors by
    /// <paramref name="fit"/> and every record is stored mapped in a new embedded index.
    /// </summary>
    /// <param name="source">The index to copy.</param>
    /// <param name="fit">Fits the transform on the stored vectors (e.g. <see cref="VectorSpaceTransform.Center"/>).</param>
    /// <param name="cancellationToken">A token to cancel the copy.</param>
    /// <returns>The transformed copy.</returns>
    public static async Task<TransformedVectorIndex> CopyAsync(
        EmbeddedVectorIndex source, Func<IReadOnlyCollection<ReadOnlyMemory<float>>, VectorSpaceTransform> fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fit);
        var records = source.ToRecords();
        var index = new TransformedVectorIndex(new EmbeddedVectorIndex(), fit([.. records.Select(r => r.Vector)]));
        await index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return _inner.UpsertAsync([.. records.Select(r => r with { Vector = Transform.Apply(r.Vector.Span) })], cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => _inner.DeleteDocumentAsync(documentId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> SearchAsync(ReadOnlyMemory<float> vector, int topK, MetadataFilter? filter = null, CancellationToken cancellationToken = default) =>
        _inner.SearchAsync(Transform.Apply(vector.Span), topK, filter, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => _inner.CountAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, ReadOnlyMemory<float>>> GetVectorsAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
        _inner is IVectorLookup lookup
            ? lookup.GetVectorsAsync(chunkIds, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<string, ReadOnlyMemory<float>>>(new Dictionary<string, ReadOnlyMemory<float>>());
}
