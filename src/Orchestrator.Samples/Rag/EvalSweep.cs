using System.Globalization;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Samples.Rag;

/// <summary>Evaluates a grid of fusion settings over one index: a tuning aid for train splits only.</summary>
internal static class EvalSweep
{
    public static async Task RunAsync(EvalDataset dataset, LuceneBm25Options bm25, IEmbeddingGenerator<string, Embedding<float>> embedder, EvalPassages? passages, CancellationToken cancellationToken)
    {
        using var index = await EvalIndex.BuildAsync(dataset, bm25, embedder, passages, cancellationToken: cancellationToken);
        var grid = new List<(string Name, FusionOptions Fusion)>();
        foreach (var w in new[] { 0.45, 0.5, 0.55 })
        {
            grid.Add(($"ZScore bydoc dense={w}", new FusionOptions { DenseWeight = w, KeywordWeight = 1 - w, Normalization = ScoreNormalization.ZScore, ByDocument = true }));
        }

        foreach (var (fd, fw) in new[] { (3, 0.3), (5, 0.5), (10, 1.0) })
        {
            grid.Add(($"ZScore bydoc 0.5 prf={fd}x{fw}", new FusionOptions { Normalization = ScoreNormalization.ZScore, ByDocument = true, FeedbackDepth = fd, FeedbackWeight = fw }));
        }

        foreach (var (name, fusion) in grid)
        {
            var retriever = new HybridRetriever(index.Keyword, index.Vectors, embedder, new HybridRetrieverOptions { Fusion = fusion });
            var report = await RetrievalEvaluator.EvaluateAsync(dataset, retriever, 100, cancellationToken: cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} ndcg@10={report.Metrics.Ndcg10:F4} r@100={report.Metrics.Recall100:F4}"));
        }
    }
}
