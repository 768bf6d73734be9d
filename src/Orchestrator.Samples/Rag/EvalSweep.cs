using System.Globalization;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Samples.Rag;

/// <summary>
/// Evaluates a grid of fusion settings over one index (built once, with sentence vectors): a tuning aid for train
/// splits only. Each row can be reproduced alone with the eval options it prints (from the two-signal preset,
/// <c>--pipeline hybrid-2signal</c>, for rows that do not set every weight).
/// </summary>
internal static class EvalSweep
{
    public static async Task RunAsync(EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, sentenceVectors: true, cancellationToken: cancellationToken);
        var grid = new List<(string Options, FusionOptions Fusion)>();
        foreach (var (dense, keyword, sentence) in new[] { (0.5, 0.5, 0.0), (0.5, 0.5, 0.5), (0.5, 0.5, 0.25), (0.5, 0.5, 0.75), (0.5, 0.5, 1.0), (0.0, 0.5, 0.5), (0.25, 0.5, 0.5), (0.5, 0.75, 0.5), (0.5, 0.25, 0.5) })
        {
            grid.Add(($"--dense-weight {dense} --keyword-weight {keyword} --sentence-weight {sentence}", With(f => { f.DenseWeight = dense; f.KeywordWeight = keyword; f.SentenceWeight = sentence; })));
        }

        foreach (var depth in new[] { 300, 3000 })
        {
            grid.Add(($"--pipeline hybrid-2signal --sentence-weight 0.5 --sentence-depth {depth}", With(f => { f.SentenceWeight = 0.5; f.SentenceCandidateDepth = depth; })));
        }

        grid.Add(("--pipeline hybrid-2signal --sentence-weight 0.5 --sentence-pooling top2", With(f => { f.SentenceWeight = 0.5; f.SentencePooling = SentencePooling.MeanOfTopTwo; })));
        grid.Add(("--pipeline hybrid-2signal --sentence-weight 0.5 --sentence-pooling lse", With(f => { f.SentenceWeight = 0.5; f.SentencePooling = SentencePooling.LogSumExp; })));
        grid.Add(("--pipeline hybrid-2signal --sentence-keyword-weight 0.5", With(f => f.SentenceKeywordWeight = 0.5)));
        grid.Add(("--pipeline hybrid-2signal --sentence-weight 0.5 --sentence-keyword-weight 0.5", With(f => { f.SentenceWeight = 0.5; f.SentenceKeywordWeight = 0.5; })));
        grid.Add(("--pipeline hybrid-2signal --sentence-weight 0.5 --sentence-keyword-weight 0.25", With(f => { f.SentenceWeight = 0.5; f.SentenceKeywordWeight = 0.25; })));
        grid.Add(("--pipeline hybrid-2signal --sentence-weight 0.5 --normalization minmax", With(f => { f.SentenceWeight = 0.5; f.Normalization = ScoreNormalization.MinMax; })));
        grid.Add(("--pipeline hybrid-rrf --sentence-weight 1", With(f => { f.Method = FusionMethod.ReciprocalRank; f.DenseWeight = 1; f.KeywordWeight = 1; f.SentenceWeight = 1; })));

        static FusionOptions With(Action<FusionOptions> set)
        {
            var fusion = FusionOptions.TwoSignal;
            set(fusion);
            return fusion;
        }

        foreach (var (name, fusion) in grid)
        {
            await EvaluateAsync(dataset, index, index.Keyword, embedder, name, fusion, cancellationToken);
        }
    }

    /// <summary>
    /// The fourth session's grid, each row relative to the default hybrid (<c>--pipeline hybrid</c>): BM25 k1 / b / title
    /// boost and term proximity (each on its own keyword index over the same documents), a proximity list, per-query
    /// list weights and neighbour score regularization.
    /// </summary>
    public static async Task RunQualityAsync(EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, sentenceVectors: true, cancellationToken: cancellationToken);
        var rows = new List<(string Options, FusionOptions Fusion, LuceneBm25Options? Keyword)> { (string.Empty, new FusionOptions(), null) };
        foreach (var k1 in new[] { 0.9f, 1.2f, 1.5f })
        {
            foreach (var b in new[] { 0.6f, 0.75f, 0.9f })
            {
                if (k1 != bm25.K1 || b != bm25.B)
                {
                    rows.Add(($"--bm25-k1 {k1} --bm25-b {b}", new FusionOptions(), new LuceneBm25Options { K1 = k1, B = b }));
                }
            }
        }

        foreach (var title in new[] { 0.5f, 1f })
        {
            rows.Add(($"--title-boost {title}", new FusionOptions(), new LuceneBm25Options { K1 = bm25.K1, B = bm25.B, TitleBoost = title }));
        }

        foreach (var proximity in new[] { 0.1f, 0.15f, 0.3f })
        {
            rows.Add(($"--proximity-weight {proximity}", new FusionOptions(), new LuceneBm25Options { K1 = bm25.K1, B = bm25.B, ProximityWeight = proximity }));
        }

        foreach (var weight in new[] { 0.1, 0.25, 0.5 })
        {
            rows.Add(($"--proximity-list-weight {weight}", new FusionOptions { ProximityWeight = weight }, null));
        }

        rows.Add(("--list-weighting topgap", new FusionOptions { ListWeighting = FusionListWeighting.TopGap }, null));
        rows.Add(("--list-weighting topz", new FusionOptions { ListWeighting = FusionListWeighting.TopZScore }, null));
        foreach (var (alpha, k) in new[] { (0.1, 5), (0.2, 5), (0.3, 5), (0.4, 5), (0.5, 5), (0.2, 3), (0.3, 3), (0.2, 10), (0.3, 10) })
        {
            rows.Add(($"--neighbour-smoothing {alpha} --neighbours {k}", new FusionOptions { NeighbourSmoothing = alpha, NeighbourCount = k }, null));
        }

        await EvaluateRowsAsync(dataset, index, embedder, rows, cancellationToken);
    }

    /// <summary>
    /// The fifth session's grid, each row relative to the default hybrid: the keyword index's stemmer (each on its own
    /// keyword index over the same documents) and the sentence-centroid view (a fourth list, in place of the sentence
    /// list, or in place of the whole-document vector of multi-sentence documents).
    /// </summary>
    public static async Task RunStemCentroidAsync(
        EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, bool caselessSentences, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, sentenceVectors: true, caselessSentences: caselessSentences, cancellationToken: cancellationToken);
        var caseless = caselessSentences ? " --caseless-sentences" : string.Empty;
        var sentenceCount = await index.Sentences.CountAsync(cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Name} | sentence vectors: {sentenceCount}"));
        var rows = new List<(string Options, FusionOptions Fusion, LuceneBm25Options? Keyword)> { (caseless, new FusionOptions(), null) };
        foreach (var (name, stemmer) in new[] { ("porter-keep-possessives", KeywordStemmer.PorterKeepPossessives), ("krovetz", KeywordStemmer.Krovetz), ("minimal", KeywordStemmer.Minimal), ("none", KeywordStemmer.None) })
        {
            rows.Add(($"--stemmer {name}{caseless}", new FusionOptions(), new LuceneBm25Options { K1 = bm25.K1, B = bm25.B, Stemmer = stemmer }));
        }

        rows.Add(($"--comb-mnz{caseless}", new FusionOptions { CombMnz = true }, null));
        await EvaluateRowsAsync(dataset, index, embedder, rows, cancellationToken);

        var centroids = await index.CentroidsAsync(cancellationToken);
        foreach (var weight in new[] { 0.25, 0.5 })
        {
            await EvaluateAsync(dataset, index, index.Keyword, embedder, $"--centroid-weight {weight}{caseless}", new FusionOptions { CentroidWeight = weight }, cancellationToken, centroids: centroids);
        }

        await EvaluateAsync(dataset, index, index.Keyword, embedder, $"--sentence-weight 0 --centroid-weight 0.25{caseless}", new FusionOptions { SentenceWeight = 0, CentroidWeight = 0.25 }, cancellationToken, centroids: centroids);
        var (replaced, count) = await index.VectorsWithCentroidsAsync(cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Name} | whole-document vectors replaced by centroids: {count}"));
        await EvaluateAsync(dataset, index, index.Keyword, embedder, $"--centroid-vectors{caseless}", new FusionOptions(), cancellationToken, vectors: replaced);
    }

    // Each row over the shared index; a row with keyword options gets its own BM25 index over the same documents.
    private static async Task EvaluateRowsAsync(
        EvalDataset dataset,
        EvalIndex index,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IEnumerable<(string Options, FusionOptions Fusion, LuceneBm25Options? Keyword)> rows,
        CancellationToken cancellationToken)
    {
        foreach (var (name, fusion, keywordOptions) in rows)
        {
            if (keywordOptions is null)
            {
                await EvaluateAsync(dataset, index, index.Keyword, embedder, name, fusion, cancellationToken);
                continue;
            }

            using var keyword = new LuceneBm25Index(keywordOptions);
            keyword.Upsert(dataset.Documents.Select(EvalIndex.ChunkOf));
            keyword.Commit();
            await EvaluateAsync(dataset, index, keyword, embedder, name, fusion, cancellationToken);
        }
    }

    private static async Task EvaluateAsync(
        EvalDataset dataset,
        EvalIndex index,
        LuceneBm25Index keyword,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        string name,
        FusionOptions fusion,
        CancellationToken cancellationToken,
        IVectorIndex? vectors = null,
        IVectorIndex? centroids = null)
    {
        var retriever = new HybridRetriever(keyword, vectors ?? index.Vectors, index.Sentences, embedder, new HybridRetrieverOptions { Fusion = fusion }, index.SentenceKeyword, centroids);
        var report = await RetrievalEvaluator.EvaluateAsync(dataset, retriever, 100, cancellationToken: cancellationToken);
        var m = report.Metrics;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{dataset.Name} | {name} | ndcg@10={m.Ndcg10:F4} r@10={m.Recall10:F4} r@100={m.Recall100:F4} p@5={m.Precision5:F4} mrr@10={m.Mrr10:F4} p50={report.LatencyP50Ms:F2} p95={report.LatencyP95Ms:F2}"));
    }
}
