using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Ingestion;

/// <summary>
/// A persisted hybrid index over documents: chunks them, indexes them with BM25 and embeddings, and serves retrieval.
/// Re-ingesting a document whose content is unchanged is skipped; a changed one has all its chunks replaced.
/// </summary>
public sealed class RagIndex : IDisposable
{
    private readonly RagIndexOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly LuceneBm25Index _keyword;
    private readonly IVectorIndex _vectors;
    private readonly IVectorIndex _sentences;
    private readonly Dictionary<string, string> _manifest;
    private readonly ITextChunker _chunker;
    private readonly HashSet<string> _vectorless = new(StringComparer.Ordinal);

    private RagIndex(
        RagIndexOptions options, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex vectors, IVectorIndex sentences, Dictionary<string, string> manifest)
    {
        _options = options;
        _embedder = embedder;
        _vectors = vectors;
        _sentences = sentences;
        _manifest = manifest;
        _keyword = new LuceneBm25Index(options.Bm25.WithPath(Path.Combine(options.Directory, "bm25")));
        _chunker = options.Chunking switch
        {
            ChunkingKind.Semantic => new SemanticChunker(embedder, options.Semantic),
            ChunkingKind.FixedSize => new FixedSizeChunker(options.ChunkSize, options.ChunkSize / 10),
            _ => new RecursiveChunker(options.ChunkSize),
        };
        Retriever = new HybridRetriever(_keyword, _vectors, options.SentenceVectors ? _sentences : null, embedder, options.Retrieval);
    }

    /// <summary>Gets the retriever over this index.</summary>
    public IRetriever Retriever { get; }

    /// <summary>Gets the number of indexed documents.</summary>
    public int DocumentCount => _manifest.Count;

    private string VectorPath => Path.Combine(_options.Directory, "vectors.bin");

    private string SentencePath => Path.Combine(_options.Directory, "sentences.bin");

    private string ManifestPath => Path.Combine(_options.Directory, "manifest.json");

    /// <summary>Opens the index in <see cref="RagIndexOptions.Directory"/>, creating it when absent, with the embedded vector index persisted there.</summary>
    /// <param name="options">The options.</param>
    /// <param name="embedder">The embedder (the same model must be used for every run over one index).</param>
    /// <param name="cancellationToken">A token to cancel loading.</param>
    /// <returns>The index.</returns>
    public static async Task<RagIndex> OpenAsync(RagIndexOptions options, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var vectorPath = Path.Combine(options.Directory, "vectors.bin");
        var vectors = File.Exists(vectorPath) ? await EmbeddedVectorIndex.LoadAsync(vectorPath, cancellationToken).ConfigureAwait(false) : new EmbeddedVectorIndex();
        return await OpenAsync(options, embedder, vectors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the index in <see cref="RagIndexOptions.Directory"/> (BM25 and the manifest) with vectors kept in
    /// <paramref name="vectors"/>, e.g. a <c>QdrantVectorIndex</c>. A store other than <see cref="EmbeddedVectorIndex"/>
    /// persists itself; if it is empty while the manifest lists documents (a new or wiped collection), the manifest is
    /// cleared so the next ingestion re-indexes everything instead of skipping documents whose vectors are gone.
    /// Sentence vectors (<see cref="RagIndexOptions.SentenceVectors"/>) stay in <c>sentences.bin</c> in the folder.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="embedder">The embedder (the same model must be used for every run over one index).</param>
    /// <param name="vectors">The vector store (the caller owns it).</param>
    /// <param name="cancellationToken">A token to cancel loading.</param>
    /// <returns>The index.</returns>
    public static Task<RagIndex> OpenAsync(RagIndexOptions options, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex vectors, CancellationToken cancellationToken = default) =>
        OpenAsync(options, embedder, vectors, sentences: null, cancellationToken);

    /// <summary>
    /// Opens the index as <see cref="OpenAsync(RagIndexOptions, IEmbeddingGenerator{string, Embedding{float}}, IVectorIndex, CancellationToken)"/>
    /// does, with the sentence vectors kept in <paramref name="sentences"/> too (e.g. a second Qdrant collection), so
    /// nothing but BM25 and the manifest stays in the folder. An empty sentence store while the manifest lists
    /// documents counts as wiped, like an empty passage store.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="embedder">The embedder (the same model must be used for every run over one index).</param>
    /// <param name="vectors">The passage vector store (the caller owns it).</param>
    /// <param name="sentences">The sentence vector store (the caller owns it), or null for <c>sentences.bin</c> in the folder.</param>
    /// <param name="cancellationToken">A token to cancel loading.</param>
    /// <returns>The index.</returns>
    public static async Task<RagIndex> OpenAsync(
        RagIndexOptions options, IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex vectors, IVectorIndex? sentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(vectors);
        System.IO.Directory.CreateDirectory(options.Directory);
        var manifestPath = Path.Combine(options.Directory, "manifest.json");
        var sentencePath = Path.Combine(options.Directory, "sentences.bin");
        sentences ??= File.Exists(sentencePath) ? await EmbeddedVectorIndex.LoadAsync(sentencePath, cancellationToken).ConfigureAwait(false) : new EmbeddedVectorIndex();
        var manifest = File.Exists(manifestPath)
            ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false), RagJsonContext.Default.DictionaryStringString) ?? []
            : [];
        // An index is only searchable with the embedder that built it. One built before this was recorded has no
        // embedder.json and is taken as it is; the next ingestion records the embedder.
        var built = await EmbedderProvenance.ReadAsync(options.Directory, cancellationToken).ConfigureAwait(false);
        var current = EmbedderProvenance.Of(embedder);
        if (manifest.Count > 0 && built is not null && current is not null && built != current)
        {
            throw new InvalidOperationException(
                $"The RAG index in '{options.Directory}' was built with the embedding model {built}, but the configured embedder is {current}: "
                + "vectors of different models (or precisions) cannot be compared. Configure the embedder that built the index, "
                + "or delete the folder and ingest again to rebuild it with this one.");
        }

        var wiped = manifest.Count > 0
            && ((vectors is not EmbeddedVectorIndex && await vectors.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
                || (options.SentenceVectors && sentences is not EmbeddedVectorIndex && await sentences.CountAsync(cancellationToken).ConfigureAwait(false) == 0));
        string[] vectorless = wiped ? [.. manifest.Keys] : [];
        if (wiped)
        {
            manifest.Clear();
        }

        var index = new RagIndex(options, embedder, vectors, sentences, manifest);

        // What is left of the documents (BM25 chunks, and the vectors of whichever store was not wiped) is dropped when
        // each document is indexed again.
        index._vectorless.UnionWith(vectorless);
        return index;
    }

    /// <summary>Returns whether the document with this id and content is already indexed.</summary>
    /// <param name="document">The document.</param>
    /// <returns><see langword="true"/> when unchanged.</returns>
    public bool IsCurrent(SourceDocument document) =>
        _manifest.TryGetValue(document?.Id ?? throw new ArgumentNullException(nameof(document)), out var hash) && hash == Hash(document);

    /// <summary>Indexes documents (skipping unchanged ones, replacing changed ones) and persists the index.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="progress">Optional progress in documents processed.</param>
    /// <param name="cancellationToken">A token to cancel ingestion; what was indexed before is kept.</param>
    /// <returns>What was done.</returns>
    public async Task<IngestResult> IngestAsync(IEnumerable<SourceDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        int added = 0, updated = 0, skipped = 0, chunks = 0, done = 0;
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hash = Hash(document);
            if (_manifest.TryGetValue(document.Id, out var existing))
            {
                if (existing == hash)
                {
                    skipped++;
                    progress?.Report(++done);
                    continue;
                }

                _keyword.DeleteDocument(document.Id);
                await _vectors.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
                await _sentences.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
                updated++;
            }
            else
            {
                if (_vectorless.Remove(document.Id))
                {
                    _keyword.DeleteDocument(document.Id);
                    await _vectors.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
                    await _sentences.DeleteDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
                }

                added++;
            }

            chunks += await IndexAsync(document, cancellationToken).ConfigureAwait(false);
            _manifest[document.Id] = hash;
            progress?.Report(++done);
        }

        await SaveAsync(cancellationToken).ConfigureAwait(false);
        return new IngestResult(added, updated, skipped, chunks);
    }

    /// <inheritdoc />
    public void Dispose() => _keyword.Dispose();

    private async Task<int> IndexAsync(SourceDocument document, CancellationToken cancellationToken)
    {
        var texts = await _chunker.ChunkAsync(document.Text, cancellationToken).ConfigureAwait(false);
        var chunks = texts.Select((t, i) => new DocumentChunk(DocumentChunk.MakeId(document.Id, i), document.Id, i, t, document.Title, document.Metadata)).ToArray();
        if (chunks.Length == 0)
        {
            return 0;
        }

        var inputs = chunks.Select(c => string.IsNullOrEmpty(c.Title) ? c.Text : c.Title + " " + c.Text).ToArray();
        var embeddings = await _embedder.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _vectors.UpsertAsync([.. chunks.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], cancellationToken).ConfigureAwait(false);
        if (_options.SentenceVectors)
        {
            await SentenceVectors.IndexAsync(chunks, _embedder, _sentences, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        _keyword.Upsert(chunks);
        return chunks.Length;
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _keyword.Commit();
        if (_vectors is EmbeddedVectorIndex embedded)
        {
            await embedded.SaveAsync(VectorPath, cancellationToken).ConfigureAwait(false);
        }

        if (_sentences is EmbeddedVectorIndex embeddedSentences && (_options.SentenceVectors || File.Exists(SentencePath)))
        {
            await embeddedSentences.SaveAsync(SentencePath, cancellationToken).ConfigureAwait(false);
        }

        if (EmbedderProvenance.Of(_embedder) is { } provenance)
        {
            await provenance.WriteAsync(_options.Directory, cancellationToken).ConfigureAwait(false);
        }

        var temp = ManifestPath + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(_manifest, RagJsonContext.Default.DictionaryStringString), cancellationToken).ConfigureAwait(false);
        File.Move(temp, ManifestPath, overwrite: true);
    }

    private string Hash(SourceDocument document)
    {
        var builder = new StringBuilder(document.Title).Append('\0').Append(document.Text);

        // What is indexed per document is part of its state: turning sentence vectors on (or off) re-indexes it.
        if (_options.SentenceVectors)
        {
            builder.Append("\0sentence-vectors");
        }

        // So is the keyword analysis: a document's terms are stemmed when it is indexed (the default adds nothing, so
        // indexes built before the option keep their manifest).
        if (_options.Bm25.Stemmer != KeywordStemmer.Porter)
        {
            builder.Append("\0stemmer=").Append(_options.Bm25.Stemmer);
        }

        // The file date is not content: touching a file must not re-index it.
        foreach (var (key, value) in document.Metadata.Where(p => p.Key != "modified").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('\0').Append(key).Append('=').Append(value);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
