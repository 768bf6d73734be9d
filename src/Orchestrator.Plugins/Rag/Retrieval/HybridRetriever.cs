using Microsoft.Extensions.AI;
using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Retrieval;

/// <summary>
/// Runs BM25 and dense retrieval (each filtered before its own top k) and fuses them, or runs either alone. With a
/// sentence index and <see cref="FusionOptions.SentenceWeight"/> above 0, a third list scores each chunk by its best
/// sentence (<see cref="SentenceVectors"/>) and joins the fusion.
/// </summary>
public sealed class HybridRetriever : IRetriever
{
    private readonly LuceneBm25Index _keyword;
    private readonly IVectorIndex _vectors;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly HybridRetrieverOptions _options;
    private readonly IVectorIndex? _sentences;
    private readonly LuceneBm25Index? _sentenceKeyword;
    private readonly IVectorIndex? _centroids;

    /// <summary>Initializes a new instance of the <see cref="HybridRetriever"/> class.</summary>
    /// <param name="keyword">The BM25 index.</param>
    /// <param name="vectors">The vector index.</param>
    /// <param name="embedder">The embedding generator used for queries (the same model as for documents).</param>
    /// <param name="options">The options.</param>
    public HybridRetriever(LuceneBm25Index keyword, IVectorIndex vectors, IEmbeddingGenerator<string, Embedding<float>> embedder, HybridRetrieverOptions options)
        : this(keyword, vectors, sentences: null, embedder, options)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HybridRetriever"/> class with sentence-level dense evidence.</summary>
    /// <param name="keyword">The BM25 index.</param>
    /// <param name="vectors">The vector index of chunks.</param>
    /// <param name="sentences">
    /// The vector index of the chunks' sentences (records from <see cref="SentenceVectors.Split(DocumentChunk, bool)"/>), or
    /// <see langword="null"/>: fusion then has two lists whatever <see cref="FusionOptions.SentenceWeight"/> says.
    /// </param>
    /// <param name="embedder">The embedding generator used for queries (the same model as for documents).</param>
    /// <param name="options">The options.</param>
    /// <param name="sentenceKeyword">
    /// Optional BM25 index of the same sentence records, for <see cref="FusionOptions.SentenceKeywordWeight"/>.
    /// </param>
    /// <param name="centroids">
    /// Optional vector index of the chunks' sentence centroids (<see cref="SentenceVectors.CentroidsAsync"/>), for
    /// <see cref="FusionOptions.CentroidWeight"/>.
    /// </param>
    public HybridRetriever(
        LuceneBm25Index keyword,
        IVectorIndex vectors,
        IVectorIndex? sentences,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        HybridRetrieverOptions options,
        LuceneBm25Index? sentenceKeyword = null,
        IVectorIndex? centroids = null)
    {
        _centroids = centroids;
        _sentenceKeyword = sentenceKeyword;
        _keyword = keyword ?? throw new ArgumentNullException(nameof(keyword));
        _vectors = vectors ?? throw new ArgumentNullException(nameof(vectors));
        _sentences = sentences;
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Gets a value indicating whether BM25 runs as a work item during the query embedding (benchmarks turn it off to compare).</summary>
    internal bool KeywordDuringEmbedding { get; init; } = true;

    /// <summary>Gets a value indicating whether the sentence lists run as a work item during the dense search (benchmarks turn it off to compare).</summary>
    internal bool SentencesDuringDenseSearch { get; init; } = true;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopK, 1);
        if (_options.Mode == RetrievalMode.Keyword)
        {
            return _keyword.Search(query, options.TopK, options.Filter);
        }

        var fusion = options.Fusion ?? _options.Fusion;
        ArgumentOutOfRangeException.ThrowIfNegative(fusion.SentenceWeight, "FusionOptions.SentenceWeight");
        ArgumentOutOfRangeException.ThrowIfNegative(fusion.SentenceKeywordWeight, "FusionOptions.SentenceKeywordWeight");
        ArgumentOutOfRangeException.ThrowIfNegative(fusion.ProximityWeight, "FusionOptions.ProximityWeight");
        ArgumentOutOfRangeException.ThrowIfNegative(fusion.SecondaryKeywordWeight, "FusionOptions.SecondaryKeywordWeight");
        ArgumentOutOfRangeException.ThrowIfNegative(fusion.CentroidWeight, "FusionOptions.CentroidWeight");
        if (fusion.NeighbourSmoothing is < 0 or > 1 || fusion.NeighbourCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"FusionOptions.NeighbourSmoothing must be 0-1 (was {fusion.NeighbourSmoothing}) and NeighbourCount at least 1 (was {fusion.NeighbourCount}).");
        }

        var depth = _options.Mode == RetrievalMode.Hybrid ? Math.Max(fusion.CandidateDepth, options.TopK) : options.TopK;
        if (_options.Mode == RetrievalMode.Dense)
        {
            var vector = await _embedder.GenerateQueryEmbeddingAsync(query, cancellationToken).ConfigureAwait(false);
            return await _vectors.SearchAsync(vector.ToArray(), depth, options.Filter, cancellationToken).ConfigureAwait(false);
        }

        // BM25 needs no query vector, so it is offered to the thread pool while the query is embedded; the sentence lists
        // need the vector but not the dense hits, so they are offered while this thread searches the chunk vectors. A
        // branch no pool thread has started when its result is needed runs on this thread (QueryBranch). Every started
        // branch is awaited before a failure of another is rethrown, so none outlives the call.
        var keywordBranch = KeywordDuringEmbedding
            ? QueryBranch<IReadOnlyList<ChunkHit>>.Offer(() => Task.FromResult(_keyword.SearchHits(query, depth, options.Filter)))
            : null;
        QueryBranch<IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)>>? sentencesBranch = null;
        float[] queryVector;
        IReadOnlyList<ScoredChunk> dense;
        IReadOnlyList<ChunkHit> keyword;
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> sentences;
        try
        {
            queryVector = (await _embedder.GenerateQueryEmbeddingAsync(query, cancellationToken).ConfigureAwait(false)).ToArray();
            if (SentencesDuringDenseSearch && HasExtraLists(fusion))
            {
                sentencesBranch = QueryBranch<IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)>>.Offer(
                    () => ExtraListsAsync(query, queryVector, fusion, options, depth, cancellationToken));
            }

            dense = await _vectors.SearchAsync(queryVector, depth, options.Filter, cancellationToken).ConfigureAwait(false);

            // Fusion works on ids; chunk text is loaded only for the final top k (and the dense side already holds its chunks).
            keyword = keywordBranch is null ? _keyword.SearchHits(query, depth, options.Filter) : await keywordBranch.ResultAsync().ConfigureAwait(false);
            sentences = sentencesBranch is null
                ? await ExtraListsAsync(query, queryVector, fusion, options, depth, cancellationToken).ConfigureAwait(false)
                : await sentencesBranch.ResultAsync().ConfigureAwait(false);
        }
        catch
        {
            await (keywordBranch?.SettleAsync() ?? Task.CompletedTask).ConfigureAwait(false);
            await (sentencesBranch?.SettleAsync() ?? Task.CompletedTask).ConfigureAwait(false);
            throw;
        }

        var chunks = new Dictionary<string, DocumentChunk>(dense.Count, StringComparer.Ordinal);

        // Neighbour smoothing reorders the whole candidate set, so fusion keeps all of it.
        var fuseDepth = fusion.NeighbourSmoothing > 0 ? depth : options.TopK;
        var fused = await FuseAsync(query, queryVector, ToHits(dense, chunks), keyword, sentences, fusion, Math.Max(fuseDepth, fusion.FeedbackDepth), cancellationToken).ConfigureAwait(false);
        if (fusion.FeedbackDepth > 0 && _vectors is IVectorLookup lookup && fused.Count > 0)
        {
            var expanded = await FeedbackAsync(lookup, queryVector, fused, fusion, cancellationToken).ConfigureAwait(false);
            dense = await _vectors.SearchAsync(expanded, depth, options.Filter, cancellationToken).ConfigureAwait(false);

            // The sentence list searches with the moved query too: feedback applies to every dense list.
            sentences = await ExtraListsAsync(query, expanded, fusion, options, depth, cancellationToken).ConfigureAwait(false);
            fused = await FuseAsync(query, queryVector, ToHits(dense, chunks), keyword, sentences, fusion, fuseDepth, cancellationToken).ConfigureAwait(false);
        }

        if (fusion.NeighbourSmoothing > 0 && _vectors is IVectorLookup neighbours && fused.Count > 1)
        {
            var vectors = await neighbours.GetVectorsAsync([.. fused.Select(h => h.ChunkId)], cancellationToken).ConfigureAwait(false);
            fused = ScoreFusion.SmoothByNeighbours(fused, vectors, fusion.NeighbourSmoothing, fusion.NeighbourCount, fusion.NeighbourSimilarityWeights);
        }

        return Load(fused.Count > options.TopK ? [.. fused.Take(options.TopK)] : fused, chunks);
    }

    private bool HasExtraLists(FusionOptions fusion) =>
        (_sentences is not null && fusion.SentenceWeight > 0) || (_sentenceKeyword is not null && fusion.SentenceKeywordWeight > 0)
        || (_centroids is not null && fusion.CentroidWeight > 0) || fusion.ProximityWeight > 0 || fusion.SecondaryKeywordWeight > 0;

    // The lists beyond BM25 and dense passages: sentences (and sentence centroids), and term proximity and the second
    // scoring model from the keyword index when weighted.
    private async Task<IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)>> ExtraListsAsync(
        string query, float[] queryVector, FusionOptions fusion, RetrievalOptions options, int depth, CancellationToken cancellationToken)
    {
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists = await SentenceHitsAsync(query, queryVector, fusion, options, cancellationToken).ConfigureAwait(false);
        if (fusion.ProximityWeight > 0)
        {
            lists = [.. lists, (_keyword.ProximityHits(query, depth, options.Filter), fusion.ProximityWeight)];
        }

        return fusion.SecondaryKeywordWeight > 0 ? [.. lists, (_keyword.SecondaryHits(query, depth, options.Filter), fusion.SecondaryKeywordWeight)] : lists;
    }

    // The sentence lists: chunks scored by their sentences (dense, and BM25 when configured), filtered like the others
    // (sentences carry their chunk's metadata).
    private async Task<IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)>> SentenceHitsAsync(
        string query, float[] queryVector, FusionOptions fusion, RetrievalOptions options, CancellationToken cancellationToken)
    {
        var lists = new List<(IReadOnlyList<ChunkHit>, double)>();
        var depth = Math.Max(fusion.SentenceCandidateDepth, options.TopK);
        if (_sentences is not null && fusion.SentenceWeight > 0)
        {
            var hits = await _sentences.SearchAsync(queryVector, depth, options.Filter, cancellationToken).ConfigureAwait(false);
            var asHits = hits.Select(h => new ChunkHit(h.Chunk.Id, h.Chunk.DocumentId, h.Score)).ToArray();
            lists.Add((SentenceVectors.PoolByChunk(asHits, fusion.SentencePooling, fusion.SentencePoolingTemperature), fusion.SentenceWeight));
        }

        if (_sentenceKeyword is not null && fusion.SentenceKeywordWeight > 0)
        {
            lists.Add((SentenceVectors.PoolByChunk(_sentenceKeyword.SearchHits(query, depth, options.Filter), SentencePooling.Max), fusion.SentenceKeywordWeight));
        }

        if (_centroids is not null && fusion.CentroidWeight > 0)
        {
            var hits = await _centroids.SearchAsync(queryVector, Math.Max(fusion.CandidateDepth, options.TopK), options.Filter, cancellationToken).ConfigureAwait(false);
            lists.Add(([.. hits.Select(h => new ChunkHit(h.Chunk.Id, h.Chunk.DocumentId, h.Score))], fusion.CentroidWeight));
        }

        return lists;
    }

    private static ChunkHit[] ToHits(IReadOnlyList<ScoredChunk> dense, Dictionary<string, DocumentChunk> chunks)
    {
        var hits = new ChunkHit[dense.Count];
        for (var i = 0; i < dense.Count; i++)
        {
            var chunk = dense[i].Chunk;
            chunks.TryAdd(chunk.Id, chunk);
            hits[i] = new ChunkHit(chunk.Id, chunk.DocumentId, dense[i].Score);
        }

        return hits;
    }

    // Keyword-only hits among the final ones are read from Lucene; a chunk deleted since the search is left out.
    private ScoredChunk[] Load(IReadOnlyList<ChunkHit> hits, Dictionary<string, DocumentChunk> known)
    {
        var missing = hits.Where(h => !known.ContainsKey(h.ChunkId)).Select(h => h.ChunkId).ToArray();
        var loaded = missing.Length == 0 ? known : _keyword.GetChunks(missing);
        var result = new List<ScoredChunk>(hits.Count);
        foreach (var hit in hits)
        {
            if (known.TryGetValue(hit.ChunkId, out var chunk) || loaded.TryGetValue(hit.ChunkId, out chunk))
            {
                result.Add(new ScoredChunk(chunk, hit.Score));
            }
        }

        return [.. result];
    }

    // Rocchio feedback on the dense side: the query moved toward the centroid of the top fused results (unit length).
    private static async Task<float[]> FeedbackAsync(
        IVectorLookup lookup, float[] query, IReadOnlyList<ChunkHit> fused, FusionOptions fusion, CancellationToken cancellationToken)
    {
        var ids = fused.Take(fusion.FeedbackDepth).Select(c => c.ChunkId).ToArray();
        var vectors = await lookup.GetVectorsAsync(ids, cancellationToken).ConfigureAwait(false);
        var expanded = (float[])query.Clone();
        var scale = (float)(fusion.FeedbackWeight / Math.Max(1, vectors.Count));
        foreach (var vector in vectors.Values)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vector.Span, scale, expanded, expanded);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(expanded);
        System.Numerics.Tensors.TensorPrimitives.Divide(expanded, norm > 0 ? norm : 1f, expanded);
        return expanded;
    }

    private async Task<IReadOnlyList<ChunkHit>> FuseAsync(
        string query,
        float[] queryVector,
        IReadOnlyList<ChunkHit> dense,
        IReadOnlyList<ChunkHit> keyword,
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> sentences,
        FusionOptions fusion,
        int topK,
        CancellationToken cancellationToken)
    {
        // Dense first: the first list's chunk represents a document fused by document (its best passage is shown).
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists = [(dense, fusion.DenseWeight), (keyword, fusion.KeywordWeight), .. sentences];
        if (fusion.ByDocument)
        {
            lists = ScoreFusion.BestChunkPerDocument(lists);
        }

        lists = ScoreFusion.ConfidenceWeighted(lists, fusion.ListWeighting);

        if (fusion.Method == FusionMethod.ReciprocalRank)
        {
            return ScoreFusion.ReciprocalRank(lists, fusion.RrfK, topK, fusion.ByDocument);
        }

        IReadOnlyList<IReadOnlyDictionary<string, double>?>? exact = null;
        if (fusion.ExactScores && _vectors is IVectorLookup lookup)
        {
            string Key(ChunkHit h) => fusion.ByDocument ? h.DocumentId : h.ChunkId;
            var inDense = lists[0].List.Select(Key).ToHashSet(StringComparer.Ordinal);
            var inKeyword = lists[1].List.Select(Key).ToHashSet(StringComparer.Ordinal);

            // Cosine of keyword-only results (the keyword chunk's own vector) and BM25 of dense-only ones.
            var keywordOnly = lists[1].List.Where(h => !inDense.Contains(Key(h))).ToArray();
            var vectors = await lookup.GetVectorsAsync([.. keywordOnly.Select(h => h.ChunkId)], cancellationToken).ConfigureAwait(false);
            var denseExact = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var hit in keywordOnly)
            {
                if (vectors.TryGetValue(hit.ChunkId, out var vector))
                {
                    var cosine = System.Numerics.Tensors.TensorPrimitives.Dot(queryVector, vector.Span);
                    denseExact[Key(hit)] = Math.Max(denseExact.GetValueOrDefault(Key(hit), double.NegativeInfinity), cosine);
                }
            }

            var denseOnly = inDense.Where(k => !inKeyword.Contains(k)).ToArray();
            exact = [denseExact, _keyword.ScoreOf(query, denseOnly, fusion.ByDocument), .. sentences.Select(_ => (IReadOnlyDictionary<string, double>?)null)];
        }

        // CombMNZ rescales every candidate, so the cut to the top k comes after it.
        return fusion.CombMnz
            ? ScoreFusion.MultiplyByListCount(ScoreFusion.Weighted(lists, int.MaxValue, fusion.Normalization, fusion.ByDocument, exact), lists, topK, fusion.ByDocument)
            : ScoreFusion.Weighted(lists, topK, fusion.Normalization, fusion.ByDocument, exact);
    }
}
