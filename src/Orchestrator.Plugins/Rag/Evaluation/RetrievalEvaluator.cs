using System.Diagnostics;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Evaluation;

/// <summary>Runs every judged query of a collection through a retriever and scores the rankings.</summary>
public static class RetrievalEvaluator
{
    /// <summary>Evaluates <paramref name="retriever"/> on <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The collection (already indexed behind the retriever).</param>
    /// <param name="retriever">The retriever.</param>
    /// <param name="depth">How many chunks to retrieve per query (100 covers Recall@100 when chunks are documents).</param>
    /// <param name="progress">Optional progress in queries done.</param>
    /// <param name="cancellationToken">A token to cancel the run.</param>
    /// <returns>The report.</returns>
    public static async Task<EvalReport> EvaluateAsync(
        EvalDataset dataset, IRetriever retriever, int depth = 100, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(retriever);
        var options = new RetrievalOptions { TopK = depth };
        var latencies = new List<double>(dataset.Queries.Count);
        double ndcg = 0, r10 = 0, r100 = 0, p5 = 0, mrr = 0;
        var scored = 0;

        // One untimed warm-up query so JIT and model start-up are not counted as query latency.
        if (dataset.Queries.Count > 0)
        {
            await retriever.RetrieveAsync(dataset.Queries[0].Text, options, cancellationToken).ConfigureAwait(false);
        }

        foreach (var query in dataset.Queries)
        {
            if (!dataset.Qrels.TryGetValue(query.Id, out var judged) || !judged.Values.Any(g => g > 0))
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var results = await retriever.RetrieveAsync(query.Text, options, cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var ranking = RetrievalMetrics.DistinctDocuments(results.Select(r => r.Chunk.DocumentId));
            var m = RetrievalMetrics.Score(ranking, judged);
            ndcg += m.Ndcg10;
            r10 += m.Recall10;
            r100 += m.Recall100;
            p5 += m.Precision5;
            mrr += m.Mrr10;
            scored++;
            progress?.Report(scored);
        }

        latencies.Sort();
        var n = Math.Max(1, scored);
        return new EvalReport(
            new QueryMetrics(ndcg / n, r10 / n, r100 / n, p5 / n, mrr / n),
            scored,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
