using Orchestrator.Rag.Evaluation;

namespace Orchestrator.Rag.Tests;

public sealed class RetrievalMetricsTests
{
    [Fact]
    public void Ndcg_uses_linear_gain_log2_discount_and_the_ideal_from_judged_documents()
    {
        var judged = new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["x"] = 0 };

        var m = RetrievalMetrics.Score(["b", "x", "a"], judged);

        var dcg = (1 / Math.Log2(2)) + (2 / Math.Log2(4));
        var ideal = (2 / Math.Log2(2)) + (1 / Math.Log2(3));
        Assert.Equal(dcg / ideal, m.Ndcg10, 12);
        Assert.Equal(1.0, m.Recall10, 12);
        Assert.Equal(2 / 5.0, m.Precision5, 12);
        Assert.Equal(1.0, m.Mrr10, 12);
    }

    [Fact]
    public void Relevant_documents_past_rank_ten_count_only_for_recall_at_100()
    {
        var ranking = Enumerable.Range(0, 30).Select(i => "n" + i).ToList();
        ranking[20] = "r";

        var m = RetrievalMetrics.Score(ranking, new Dictionary<string, int> { ["r"] = 1 });

        Assert.Equal(0, m.Ndcg10);
        Assert.Equal(0, m.Recall10);
        Assert.Equal(1, m.Recall100);
        Assert.Equal(0, m.Mrr10);
    }

    [Fact]
    public void A_document_returned_as_several_chunks_counts_once_at_its_best_rank()
    {
        var ranking = RetrievalMetrics.DistinctDocuments(["d1", "d1", "d2", "d1", "d3"]);

        Assert.Equal(["d1", "d2", "d3"], ranking);
    }
}
