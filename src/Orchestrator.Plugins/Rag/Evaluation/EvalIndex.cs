using Microsoft.Extensions.AI;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Evaluation;

/// <summary>An in-memory BM25 index and vector index over a collection, one chunk per document, as BEIR evaluates.</summary>
public sealed class EvalIndex : IDisposable
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private readonly DocumentChunk[] _chunks;
    private readonly bool _caselessSentences;

    private EvalIndex(
        LuceneBm25Index keyword, EmbeddedVectorIndex vectors, EmbeddedVectorIndex sentences, LuceneBm25Index sentenceKeyword, DocumentChunk[] chunks, bool caselessSentences)
    {
        Keyword = keyword;
        Vectors = vectors;
        Sentences = sentences;
        SentenceKeyword = sentenceKeyword;
        _chunks = chunks;
        _caselessSentences = caselessSentences;
    }

    /// <summary>Gets the BM25 index.</summary>
    public LuceneBm25Index Keyword { get; }

    /// <summary>Gets the vector index (empty when built without an embedder).</summary>
    public EmbeddedVectorIndex Vectors { get; }

    /// <summary>Gets the sentence vector index (<see cref="SentenceVectors"/>; empty unless built with sentence vectors).</summary>
    public EmbeddedVectorIndex Sentences { get; }

    /// <summary>Gets a BM25 index of the same sentence records as <see cref="Sentences"/> (empty unless built with sentence vectors).</summary>
    public LuceneBm25Index SentenceKeyword { get; }

    /// <summary>
    /// Builds the sentence-centroid view (<see cref="SentenceVectors.CentroidsAsync"/>) of every document from
    /// <see cref="Sentences"/>: no new embeddings. Empty when the index was built without sentence vectors.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the build.</param>
    /// <returns>A vector index of one centroid per document with at least one sentence, ids as <see cref="ChunkOf"/>.</returns>
    public async Task<EmbeddedVectorIndex> CentroidsAsync(CancellationToken cancellationToken = default)
    {
        var index = new EmbeddedVectorIndex();
        var records = await SentenceVectors.CentroidsAsync(_chunks, Sentences, _caselessSentences, cancellationToken: cancellationToken).ConfigureAwait(false);
        await index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>
    /// Returns a copy of <see cref="Vectors"/> in which each document with two sentences or more has its whole-document
    /// vector replaced by its sentence centroid (passage vectors and single-sentence documents unchanged).
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the build.</param>
    /// <returns>The copy, and how many vectors were replaced.</returns>
    public async Task<(EmbeddedVectorIndex Vectors, int Replaced)> VectorsWithCentroidsAsync(CancellationToken cancellationToken = default)
    {
        var copy = new EmbeddedVectorIndex();
        await copy.UpsertAsync(Vectors.ToRecords(), cancellationToken).ConfigureAwait(false);
        var records = await SentenceVectors.CentroidsAsync(_chunks, Sentences, _caselessSentences, minimumSentences: 2, cancellationToken).ConfigureAwait(false);
        await copy.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        return (copy, records.Count);
    }

    /// <summary>The text embedded for a document: title and body joined by a space, as BEIR's dense baselines do.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The text to embed.</returns>
    public static string EmbeddingText(EvalDocument document) =>
        string.IsNullOrEmpty(document.Title) ? document.Text : document.Title + " " + document.Text;

    /// <summary>The one chunk a document is indexed as (BM25 and the whole-document embedding): id <c>{id}#0</c>, no metadata.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The chunk.</returns>
    public static DocumentChunk ChunkOf(EvalDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DocumentChunk(DocumentChunk.MakeId(document.Id, 0), document.Id, 0, document.Text, document.Title, NoMetadata);
    }

    /// <summary>Indexes <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The collection.</param>
    /// <param name="bm25">BM25 options (the path is ignored: the index is in memory).</param>
    /// <param name="embedder">The embedder, or <see langword="null"/> to skip dense indexing.</param>
    /// <param name="progress">Optional progress in documents embedded.</param>
    /// <param name="cancellationToken">A token to cancel indexing.</param>
    /// <returns>The index.</returns>
    public static async Task<EvalIndex> BuildAsync(
        EvalDataset dataset,
        LuceneBm25Options bm25,
        IEmbeddingGenerator<string, Embedding<float>>? embedder,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        await BuildAsync(dataset, bm25, embedder, passageCharacters: 0, progress, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Indexes <paramref name="dataset"/>; documents longer than <paramref name="passageCharacters"/> also get passage
    /// chunks (recursive splitting at that size, title prepended, the first passage left out) in the vector index only, so dense retrieval sees the
    /// whole of a long document and not just the first 256 word pieces. Use with <see cref="Orchestrator.Retrieval.FusionOptions.ByDocument"/>.
    /// </summary>
    /// <param name="dataset">The collection.</param>
    /// <param name="bm25">BM25 options.</param>
    /// <param name="embedder">The embedder, or <see langword="null"/> to skip dense indexing.</param>
    /// <param name="passageCharacters">The passage size in characters; 0 disables passages.</param>
    /// <param name="progress">Optional progress in documents embedded.</param>
    /// <param name="cancellationToken">A token to cancel indexing.</param>
    /// <returns>The index.</returns>
    public static async Task<EvalIndex> BuildAsync(
        EvalDataset dataset,
        LuceneBm25Options bm25,
        IEmbeddingGenerator<string, Embedding<float>>? embedder,
        int passageCharacters,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passageCharacters);
        var passages = passageCharacters == 0 ? null
            : new EvalPassages(new Chunking.RecursiveChunker(passageCharacters)) { MinimumLength = passageCharacters + 1, SkipFirst = true };
        return await BuildAsync(dataset, bm25, embedder, passages, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Indexes <paramref name="dataset"/> (one BM25 chunk and one whole-document embedding per document) and, with
    /// <paramref name="passages"/>, passage embeddings cut by any chunker, so dense retrieval can score a document by its
    /// best passage (<see cref="Orchestrator.Retrieval.FusionOptions.ByDocument"/>); with <paramref name="sentenceVectors"/>
    /// it also embeds every sentence of every document into <see cref="Sentences"/> (as ingestion does with
    /// <see cref="Ingestion.RagIndexOptions.SentenceVectors"/>).
    /// </summary>
    /// <param name="dataset">The collection.</param>
    /// <param name="bm25">BM25 options.</param>
    /// <param name="embedder">The embedder, or <see langword="null"/> to skip dense indexing.</param>
    /// <param name="passages">How passages are cut, or <see langword="null"/> for none.</param>
    /// <param name="sentenceVectors">Whether to embed each document's sentences.</param>
    /// <param name="titleSentence">Whether the title counts as one more sentence of the document's first chunk (an experiment; ingestion does not do it).</param>
    /// <param name="caselessSentences">Whether documents without capitals are also split before lower-case words (<see cref="Chunking.SentenceSegmenter.Split(string, bool)"/>).</param>
    /// <param name="progress">Optional progress in documents embedded.</param>
    /// <param name="cancellationToken">A token to cancel indexing.</param>
    /// <returns>The index.</returns>
    public static async Task<EvalIndex> BuildAsync(
        EvalDataset dataset,
        LuceneBm25Options bm25,
        IEmbeddingGenerator<string, Embedding<float>>? embedder,
        EvalPassages? passages,
        bool sentenceVectors = false,
        bool titleSentence = false,
        bool caselessSentences = false,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(bm25);
        var chunks = dataset.Documents.Select(ChunkOf).ToArray();
        var keyword = new LuceneBm25Index(bm25.WithPath(null)); // in memory
        keyword.Upsert(chunks);
        keyword.Commit();
        var vectors = new EmbeddedVectorIndex();
        if (embedder is not null)
        {
            const int Batch = 64;
            for (var start = 0; start < chunks.Length; start += Batch)
            {
                var slice = dataset.Documents.Skip(start).Take(Batch).Select(EmbeddingText).ToArray();
                var embeddings = await embedder.GenerateAsync(slice, cancellationToken: cancellationToken).ConfigureAwait(false);
                var records = embeddings.Select((e, i) => new VectorRecord(chunks[start + i], e.Vector)).ToArray();
                await vectors.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
                progress?.Report(start + slice.Length);
            }

            if (passages is not null)
            {
                await AddPassagesAsync(dataset, embedder, vectors, passages, cancellationToken).ConfigureAwait(false);
            }
        }

        var sentences = new EmbeddedVectorIndex();
        var sentenceKeyword = new LuceneBm25Index(new LuceneBm25Options { K1 = bm25.K1, B = bm25.B, Stemmer = bm25.Stemmer });
        var sentenceSource = titleSentence ? [.. chunks.Select(TitleSentences.Prepend)] : chunks;
        if (embedder is not null && sentenceVectors)
        {
            await SentenceVectors.IndexAsync(sentenceSource, embedder, sentences, caselessSentences, cancellationToken).ConfigureAwait(false);
            sentenceKeyword.Upsert([.. chunks.SelectMany(c => SentenceVectors.Split(c, caselessSentences))]);
            sentenceKeyword.Commit();
        }

        return new EvalIndex(keyword, vectors, sentences, sentenceKeyword, sentenceVectors ? sentenceSource : [], caselessSentences);
    }

    private static async Task AddPassagesAsync(
        EvalDataset dataset, IEmbeddingGenerator<string, Embedding<float>> embedder, EmbeddedVectorIndex vectors, EvalPassages options, CancellationToken cancellationToken)
    {
        var passages = new List<DocumentChunk>();
        foreach (var document in dataset.Documents.Where(d => EmbeddingText(d).Length >= options.MinimumLength))
        {
            var pieces = await options.Chunker.ChunkAsync(document.Text, cancellationToken).ConfigureAwait(false);
            if (pieces.Count < 2)
            {
                continue; // one passage is the whole document, already embedded
            }

            // With SkipFirst the first passage is left to the whole-document embedding (its first 256 word pieces).
            var skip = options.SkipFirst ? 1 : 0;
            passages.AddRange(pieces.Skip(skip).Select((p, i) => new DocumentChunk(DocumentChunk.MakeId(document.Id, i + 1), document.Id, i + 1, p, document.Title, NoMetadata)));
        }

        const int Batch = 64;
        for (var start = 0; start < passages.Count; start += Batch)
        {
            var slice = passages.Skip(start).Take(Batch).ToArray();
            var texts = slice.Select(c => !options.WithTitle || string.IsNullOrEmpty(c.Title) ? c.Text : c.Title + " " + c.Text).ToArray();
            var embeddings = await embedder.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            await vectors.UpsertAsync([.. slice.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Keyword.Dispose();
        SentenceKeyword.Dispose();
    }
}
