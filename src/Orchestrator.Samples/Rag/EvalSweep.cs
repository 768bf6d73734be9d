using System.Globalization;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Samples.Rag;

/// <summary>
/// Evaluates a grid of fusion settings over one index (built once, with sentence vectors): a tuning aid for train
/// splits only. Each row can be reproduced alone with the eval options it prints (from the two-signal preset,
/// <c>--pipeline hybrid-2signal</c>, for rows that do not set every weight).
/// </summary>
internal static class EvalSweep
{
    // The keyword scoring models the scoring grid measures beside BM25.
    private static readonly KeywordScoring[] OtherKeywordModels =
        [KeywordScoring.DfrInExpB2, KeywordScoring.DfrPl2, KeywordScoring.IbLl, KeywordScoring.IbSpl, KeywordScoring.LmDirichlet, KeywordScoring.LmJelinekMercer];

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

    /// <summary>
    /// The sixth session's grid: each keyword scoring model alone (<c>--pipeline bm25 --keyword-model M</c>), in place of
    /// BM25 in the default hybrid (<c>--keyword-model M</c>), and as a second keyword list beside BM25
    /// (<c>--secondary-keyword-model M --secondary-keyword-weight W</c>). Dirichlet's mu is measured at 2000 and at the
    /// collection's average document length, Jelinek-Mercer's lambda at 0.1 (short queries) and 0.7 (long ones).
    /// </summary>
    public static async Task RunScoringAsync(EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, sentenceVectors: true, cancellationToken: cancellationToken);
        var mu = (float)Math.Round(index.Keyword.AverageLength);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Name} | average document length: {index.Keyword.AverageLength:F1} analyzed terms"));
        LuceneBm25Options Model(KeywordScoring scoring, float dirichletMu = 2000f, float lambda = 0.1f, KeywordScoring? secondary = null) =>
            new() { K1 = bm25.K1, B = bm25.B, Scoring = scoring, DirichletMu = dirichletMu, JelinekMercerLambda = lambda, SecondaryScoring = secondary };
        var models = new List<(string Options, LuceneBm25Options Keyword)> { (string.Empty, Model(KeywordScoring.Bm25)) };
        foreach (var scoring in OtherKeywordModels)
        {
            models.Add(($"--keyword-model {EvalPipelines.NameOf(scoring)}", Model(scoring)));
        }

        models.Add(($"--keyword-model lm-dirichlet --lm-mu {mu.ToString(CultureInfo.InvariantCulture)}", Model(KeywordScoring.LmDirichlet, dirichletMu: mu)));
        models.Add(("--keyword-model lm-jm --lm-lambda 0.7", Model(KeywordScoring.LmJelinekMercer, lambda: 0.7f)));

        await EvaluateRowsAsync(dataset, index, embedder, models.Select(m => ($"--pipeline bm25 {m.Options}", new FusionOptions(), (LuceneBm25Options?)m.Keyword)), cancellationToken, RetrievalMode.Keyword);
        await EvaluateRowsAsync(dataset, index, embedder, models.Select(m => (m.Options, new FusionOptions(), (LuceneBm25Options?)m.Keyword)), cancellationToken);

        var second = new List<(string Options, FusionOptions Fusion, LuceneBm25Options? Keyword)>();
        foreach (var scoring in OtherKeywordModels)
        {
            foreach (var weight in new[] { 0.25, 0.5 })
            {
                second.Add(($"--secondary-keyword-model {EvalPipelines.NameOf(scoring)} --secondary-keyword-weight {weight.ToString(CultureInfo.InvariantCulture)}", new FusionOptions { SecondaryKeywordWeight = weight }, Model(KeywordScoring.Bm25, secondary: scoring)));
            }
        }

        await EvaluateRowsAsync(dataset, index, embedder, second, cancellationToken);
    }

    /// <summary>The eval's dense-space fit for <c>--dense-space</c> (null for none).</summary>
    /// <param name="kind">none, center, whiten or abtt.</param>
    /// <param name="components">Whitening components kept (default: all) or leading directions removed (default: dimension / 100).</param>
    /// <returns>The fit, or <see langword="null"/>.</returns>
    public static Func<IReadOnlyCollection<ReadOnlyMemory<float>>, VectorSpaceTransform>? SpaceFit(string? kind, int? components) => kind switch
    {
        "center" => VectorSpaceTransform.Center,
        "whiten" => vectors => VectorSpaceTransform.Whiten(vectors, components ?? vectors.First().Length),
        "abtt" => vectors => VectorSpaceTransform.RemoveTopComponents(vectors, components ?? Math.Max(1, (int)Math.Round(vectors.First().Length / 100.0))),
        _ => null,
    };

    /// <summary>
    /// The sixth session's dense-space grid: the corpus mean removed (each vector index fitted on its own stored
    /// vectors, queries mapped alike) from both dense lists, from the document list only and from the sentence list only,
    /// BERT-whitening with 384, 256 and 128 components, and all-but-the-top (the leading dimension / 100 directions
    /// removed); dense alone and in the default hybrid.
    /// </summary>
    public static async Task RunSpaceAsync(EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, sentenceVectors: true, cancellationToken: cancellationToken);
        await EvaluateAsync(dataset, index, index.Keyword, embedder, "--pipeline dense", new FusionOptions(), cancellationToken, mode: RetrievalMode.Dense);
        await EvaluateAsync(dataset, index, index.Keyword, embedder, string.Empty, new FusionOptions(), cancellationToken);
        foreach (var (name, components) in new[] { ("center", (int?)null), ("abtt", null), ("whiten", null), ("whiten", 256), ("whiten", 128) })
        {
            var options = name switch
            {
                "center" => "--dense-space center",
                "abtt" => "--dense-space abtt",
                _ => string.Create(CultureInfo.InvariantCulture, $"--dense-space whiten --space-components {components ?? index.Vectors.Dimensions}"),
            };
            var fit = SpaceFit(name, components)!;
            var documents = await TransformedVectorIndex.CopyAsync(index.Vectors, fit, cancellationToken);
            var sentences = await TransformedVectorIndex.CopyAsync(index.Sentences, fit, cancellationToken);
            await EvaluateAsync(dataset, index, index.Keyword, embedder, $"--pipeline dense {options}", new FusionOptions(), cancellationToken, vectors: documents, mode: RetrievalMode.Dense);
            await EvaluateAsync(dataset, index, index.Keyword, embedder, options, new FusionOptions(), cancellationToken, vectors: documents, sentences: sentences);
            if (name == "center")
            {
                await EvaluateAsync(dataset, index, index.Keyword, embedder, $"{options} --dense-space-lists documents", new FusionOptions(), cancellationToken, vectors: documents);
                await EvaluateAsync(dataset, index, index.Keyword, embedder, $"{options} --dense-space-lists sentences", new FusionOptions(), cancellationToken, sentences: sentences);
            }
        }
    }

    // Each row over the shared index; a row with keyword options gets its own BM25 index over the same documents.
    private static async Task EvaluateRowsAsync(
        EvalDataset dataset,
        EvalIndex index,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IEnumerable<(string Options, FusionOptions Fusion, LuceneBm25Options? Keyword)> rows,
        CancellationToken cancellationToken,
        RetrievalMode mode = RetrievalMode.Hybrid)
    {
        foreach (var (name, fusion, keywordOptions) in rows)
        {
            if (keywordOptions is null)
            {
                await EvaluateAsync(dataset, index, index.Keyword, embedder, name, fusion, cancellationToken, mode: mode);
                continue;
            }

            using var keyword = new LuceneBm25Index(keywordOptions);
            keyword.Upsert(dataset.Documents.Select(EvalIndex.ChunkOf));
            keyword.Commit();
            await EvaluateAsync(dataset, index, keyword, embedder, name, fusion, cancellationToken, mode: mode);
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
        IVectorIndex? centroids = null,
        IVectorIndex? sentences = null,
        RetrievalMode mode = RetrievalMode.Hybrid)
    {
        var retriever = new HybridRetriever(
            keyword, vectors ?? index.Vectors, sentences ?? index.Sentences, embedder, new HybridRetrieverOptions { Mode = mode, Fusion = fusion }, index.SentenceKeyword, centroids);
        var report = await RetrievalEvaluator.EvaluateAsync(dataset, retriever, 100, cancellationToken: cancellationToken);
        var m = report.Metrics;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{dataset.Name} | {name} | ndcg@10={m.Ndcg10:F4} r@10={m.Recall10:F4} r@100={m.Recall100:F4} p@5={m.Precision5:F4} mrr@10={m.Mrr10:F4} p50={report.LatencyP50Ms:F2} p95={report.LatencyP95Ms:F2}"));
    }
}
