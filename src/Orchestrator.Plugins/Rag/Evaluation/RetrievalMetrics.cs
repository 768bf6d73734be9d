namespace Orchestrator.Rag.Evaluation;

/// <summary>
/// Per-query retrieval metrics as the evaluation README defines them: nDCG@10 with linear gain and log2 discount (ideal
/// ranking from the judged documents), Recall@10/@100, Precision@5 and MRR@10, over a ranking of distinct document ids.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>Scores one query.</summary>
    /// <param name="ranking">Distinct document ids, best first.</param>
    /// <param name="judged">The query's judgments (gain &gt; 0 is relevant).</param>
    /// <returns>The metrics for this query.</returns>
    public static QueryMetrics Score(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judged);
        var relevantCount = judged.Values.Count(g => g > 0);
        double dcg = 0, reciprocal = 0;
        int hits10 = 0, hits100 = 0, hits5 = 0;
        for (var i = 0; i < ranking.Count && i < 100; i++)
        {
            var gain = judged.GetValueOrDefault(ranking[i]);
            if (gain <= 0)
            {
                continue;
            }

            hits100++;
            if (i < 10)
            {
                hits10++;
                dcg += gain / Math.Log2(i + 2);
                if (reciprocal == 0)
                {
                    reciprocal = 1.0 / (i + 1);
                }
            }

            if (i < 5)
            {
                hits5++;
            }
        }

        var ideal = judged.Values.Where(g => g > 0).OrderDescending().Take(10).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return new QueryMetrics(
            ideal > 0 ? dcg / ideal : 0,
            relevantCount > 0 ? (double)hits10 / relevantCount : 0,
            relevantCount > 0 ? (double)hits100 / relevantCount : 0,
            hits5 / 5.0,
            reciprocal);
    }

    /// <summary>Collapses a chunk ranking to distinct document ids, each at its best rank.</summary>
    /// <param name="documentIds">The document id of each ranked chunk, best first.</param>
    /// <returns>The distinct ids, best first.</returns>
    public static IReadOnlyList<string> DistinctDocuments(IEnumerable<string> documentIds) =>
        [.. documentIds.Distinct(StringComparer.Ordinal)];
}
