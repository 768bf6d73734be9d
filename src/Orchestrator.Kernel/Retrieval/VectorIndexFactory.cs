namespace Orchestrator.Retrieval;

/// <summary>
/// Opens the vector store a registered RAG index keeps its vectors in (e.g. Qdrant). Registered by a backend's
/// <c>Add...VectorIndex</c>; without one the index uses its embedded store.
/// </summary>
public sealed class VectorIndexFactory
{
    private readonly Func<int, CancellationToken, Task<IVectorIndex>> _open;

    /// <summary>Initializes a new instance of the <see cref="VectorIndexFactory"/> class.</summary>
    /// <param name="open">Opens the store for vectors of the given dimension.</param>
    public VectorIndexFactory(Func<int, CancellationToken, Task<IVectorIndex>> open) => _open = open ?? throw new ArgumentNullException(nameof(open));

    /// <summary>Opens the store.</summary>
    /// <param name="dimensions">The embedding dimension.</param>
    /// <param name="cancellationToken">A token to cancel opening.</param>
    /// <returns>The store; the caller owns it (dispose it if it is disposable).</returns>
    public Task<IVectorIndex> OpenAsync(int dimensions, CancellationToken cancellationToken = default) => _open(dimensions, cancellationToken);
}
