using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Ingestion;

/// <summary>
/// Opens a <see cref="RagIndex"/> on first use and shares it: what dependency injection registers, since opening
/// reads files (and may connect to a vector store) and so is asynchronous. A failed open is not cached: the next call
/// tries again. Disposing closes the index and the vector stores it opened.
/// </summary>
public sealed class RagIndexProvider : IAsyncDisposable
{
    private readonly RagIndexOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly VectorIndexFactory? _vectors;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RagIndex? _index;
    private IVectorIndex? _store;
    private IVectorIndex? _sentenceStore;

    /// <summary>Initializes a new instance of the <see cref="RagIndexProvider"/> class.</summary>
    /// <param name="options">Where the index lives and how it chunks and retrieves.</param>
    /// <param name="embedder">The embedder (the same model for every run over one index).</param>
    /// <param name="vectors">The vector store to open, or null for the embedded one in <see cref="RagIndexOptions.Directory"/>.</param>
    public RagIndexProvider(RagIndexOptions options, IEmbeddingGenerator<string, Embedding<float>> embedder, VectorIndexFactory? vectors = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _vectors = vectors;
    }

    /// <summary>Returns the index, opening it on the first call.</summary>
    /// <param name="cancellationToken">A token to cancel opening.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">A vector store is configured but the embedder does not report its dimension.</exception>
    public async ValueTask<RagIndex> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _index) is { } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_index is not null)
            {
                return _index;
            }

            if (_vectors is null)
            {
                _index = await RagIndex.OpenAsync(_options, _embedder, cancellationToken).ConfigureAwait(false);
                return _index;
            }

            var dimensions = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
                ?? throw new InvalidOperationException($"The embedder {_embedder.GetType().Name} does not report its dimension (EmbeddingGeneratorMetadata.DefaultModelDimensions), which the vector store needs.");
            var store = await _vectors.OpenAsync(dimensions, cancellationToken).ConfigureAwait(false);
            IVectorIndex? sentences = null;
            try
            {
                // Sentence vectors go to the backend too when it has a store for them: kept in the folder they would be
                // loaded into memory whole, about five per passage, which defeats a backend chosen for scale.
                if (_options.SentenceVectors && _vectors.HasSentenceStore)
                {
                    sentences = await _vectors.OpenSentencesAsync(dimensions, cancellationToken).ConfigureAwait(false);
                }

                _index = await RagIndex.OpenAsync(_options, _embedder, store, sentences, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                (sentences as IDisposable)?.Dispose();
                (store as IDisposable)?.Dispose();
                throw;
            }

            _store = store;
            _sentenceStore = sentences;
            return _index;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _index?.Dispose();
            (_store as IDisposable)?.Dispose();
            (_sentenceStore as IDisposable)?.Dispose();
            _index = null;
            _store = null;
            _sentenceStore = null;
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }
}
