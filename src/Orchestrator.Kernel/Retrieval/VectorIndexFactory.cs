namespace Orchestrator.Retrieval;

/// <summary>
/// Opens the vector store a registered RAG index keeps its vectors in (e.g. Qdrant). Registered by a backend's
/// <c>Add...VectorIndex</c>; without one the index uses its embedded store.
/// </summary>
public sealed class VectorIndexFactory
{
    private readonly Func<int, CancellationToken, Task<IVectorIndex>> _open;
    private readonly Func<int, CancellationToken, Task<IVectorIndex>>? _openSentences;

    /// <summary>Initializes a new instance of the <see cref="VectorIndexFactory"/> class.</summary>
    /// <param name="open">Opens the store for vectors of the given dimension.</param>
    /// <param name="openSentences">
    /// Opens a second store in the same backend for the index's sentence vectors (about five per passage), or null to
    /// keep those in the index folder.
    /// </param>
    public VectorIndexFactory(Func<int, CancellationToken, Task<IVectorIndex>> open, Func<int, CancellationToken, Task<IVectorIndex>>? openSentences = null)
    {
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _openSentences = openSentences;
    }

    /// <summary>Gets a value indicating whether the backend also keeps sentence vectors (<see cref="OpenSentencesAsync"/>).</summary>
    public bool HasSentenceStore => _openSentences is not null;

    /// <summary>Opens the store.</summary>
    /// <param name="dimensions">The embedding dimension.</param>
    /// <param name="cancellationToken">A token to cancel opening.</param>
    /// <returns>The store; the caller owns it (dispose it if it is disposable).</returns>
    public Task<IVectorIndex> OpenAsync(int dimensions, CancellationToken cancellationToken = default) => _open(dimensions, cancellationToken);

    /// <summary>Opens the store for sentence vectors.</summary>
    /// <param name="dimensions">The embedding dimension.</param>
    /// <param name="cancellationToken">A token to cancel opening.</param>
    /// <returns>The store; the caller owns it.</returns>
    /// <exception cref="InvalidOperationException">The backend was registered without a sentence store (<see cref="HasSentenceStore"/>).</exception>
    public Task<IVectorIndex> OpenSentencesAsync(int dimensions, CancellationToken cancellationToken = default) =>
        (_openSentences ?? throw new InvalidOperationException("This vector backend was registered without a sentence store."))(dimensions, cancellationToken);
}
