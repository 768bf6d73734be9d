using Orchestrator.Rag.Fusion;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class ScoreFusionTests
{
    [Fact]
    public void Weighted_fusion_min_max_normalizes_each_list_before_weighting()
    {
        IReadOnlyList<ScoredChunk> dense = [Chunks.Scored("a", 0.9), Chunks.Scored("b", 0.7), Chunks.Scored("c", 0.5)];
        IReadOnlyList<ScoredChunk> keyword = [Chunks.Scored("c", 30), Chunks.Scored("b", 20), Chunks.Scored("d", 10)];

        var fused = ScoreFusion.Weighted([(dense, 0.7), (keyword, 0.3)], 10);

        // a: 0.7*1 = 0.7; b: 0.7*0.5 + 0.3*0.5 = 0.5; c: 0 + 0.3*1 = 0.3; d: 0.
        Assert.Equal(["a", "b", "c", "d"], fused.Select(f => f.Chunk.DocumentId));
        Assert.Equal(0.7, fused[0].Score, 9);
        Assert.Equal(0.5, fused[1].Score, 9);
        Assert.Equal(0.3, fused[2].Score, 9);
        Assert.Equal(0.0, fused[3].Score, 9);
    }

    [Fact]
    public void Weighted_fusion_treats_a_list_of_equal_scores_as_all_top()
    {
        IReadOnlyList<ScoredChunk> single = [Chunks.Scored("a", 3.2)];
        IReadOnlyList<ScoredChunk> other = [Chunks.Scored("b", 1), Chunks.Scored("a", 0)];

        var fused = ScoreFusion.Weighted([(single, 0.5), (other, 0.5)], 2);

        Assert.Equal("a", fused[0].Chunk.DocumentId);
        Assert.Equal(0.5, fused[0].Score, 9);
        Assert.Equal(0.5, fused[1].Score, 9);
    }

    [Fact]
    public void Reciprocal_rank_fusion_sums_weight_over_k_plus_rank()
    {
        IReadOnlyList<ScoredChunk> first = [Chunks.Scored("a", 100), Chunks.Scored("b", 1)];
        IReadOnlyList<ScoredChunk> second = [Chunks.Scored("b", 5), Chunks.Scored("c", 4)];

        var fused = ScoreFusion.ReciprocalRank([(first, 1), (second, 1)], 60, 3);

        Assert.Equal(["b", "a", "c"], fused.Select(f => f.Chunk.DocumentId));
        Assert.Equal((1.0 / 62) + (1.0 / 61), fused[0].Score, 12);
        Assert.Equal(1.0 / 61, fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
    }

    [Fact]
    public void Exact_scores_replace_the_floor_for_items_a_list_did_not_return()
    {
        IReadOnlyList<ChunkHit> dense = [new("a#0", "a", 0.9), new("b#0", "b", 0.5)];
        IReadOnlyList<ChunkHit> keyword = [new("c#0", "c", 10), new("b#0", "b", 6), new("d#0", "d", 2)];

        // c's and d's cosines and a's BM25 score, as the retrievers would compute them.
        var exact = new IReadOnlyDictionary<string, double>?[]
        {
            new Dictionary<string, double> { ["c#0"] = 0.7, ["d#0"] = 0.1 },
            new Dictionary<string, double> { ["a#0"] = 0 },
        };

        var fused = ScoreFusion.Weighted([(dense, 0.5), (keyword, 0.5)], 10, ScoreNormalization.MinMax, byDocument: false, exact);

        // Min-max over each returned list: dense min 0.5 range 0.4, keyword min 2 range 8.
        // a: 0.5*1 + 0.5*(0-2)/8 = 0.375; b: 0 + 0.5*0.5 = 0.25; c: 0.5*(0.7-0.5)/0.4 + 0.5*1 = 0.75; d: 0.5*(0.1-0.5)/0.4 + 0 = -0.5.
        Assert.Equal(["c#0", "a#0", "b#0", "d#0"], fused.Select(h => h.ChunkId));
        Assert.Equal([0.75, 0.375, 0.25, -0.5], fused.Select(h => Math.Round(h.Score, 9)));
    }

    [Fact]
    public void Exact_scores_are_z_normalized_with_the_statistics_of_the_list_they_complete()
    {
        IReadOnlyList<ChunkHit> dense = [new("a#0", "a", 3), new("b#0", "b", 1)];
        IReadOnlyList<ChunkHit> keyword = [new("c#0", "c", 5), new("a#0", "a", 1)];
        var exact = new IReadOnlyDictionary<string, double>?[] { new Dictionary<string, double> { ["c#0"] = 2 }, null };

        var fused = ScoreFusion.Weighted([(dense, 1), (keyword, 1)], 10, ScoreNormalization.ZScore, byDocument: false, exact);

        // dense: mean 2, std 1 -> a 1, b -1, c (exact 2) 0; keyword: mean 3, std 2 -> c 1, a -1, b floor -1.
        // Totals minus the floors (-1 + -1): a 0 + 2 = 2, c 1 + 2 = 3, b -2 + 2 = 0.
        Assert.Equal(["c#0", "a#0", "b#0"], fused.Select(h => h.ChunkId));
        Assert.Equal([3.0, 2.0, 0.0], fused.Select(h => Math.Round(h.Score, 9)));
    }

    [Fact]
    public void Exact_scores_need_one_entry_per_list()
    {
        IReadOnlyList<ChunkHit> list = [new("a#0", "a", 1)];

        var error = Assert.Throws<ArgumentException>(() => ScoreFusion.Weighted([(list, 1), (list, 1)], 5, ScoreNormalization.MinMax, false, [null]));
        Assert.Contains("one per list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Theoretical_min_max_divides_by_the_lists_maximum()
    {
        IReadOnlyList<ChunkHit> dense = [new("a#0", "a", 0.8), new("b#0", "b", 0.4)];
        IReadOnlyList<ChunkHit> keyword = [new("b#0", "b", 12), new("c#0", "c", 3)];

        var fused = ScoreFusion.Weighted([(dense, 0.5), (keyword, 0.5)], 10, ScoreNormalization.TheoreticalMinMax);

        // a: 0.5*1 = 0.5; b: 0.5*0.5 + 0.5*1 = 0.75; c: 0.5*0.25 = 0.125 (plain min-max would give c 0 and b 0.5).
        Assert.Equal(["b#0", "a#0", "c#0"], fused.Select(h => h.ChunkId));
        Assert.Equal([0.75, 0.5, 0.125], fused.Select(h => Math.Round(h.Score, 9)));
    }

    [Fact]
    public void Fusion_returns_at_most_top_k()
    {
        IReadOnlyList<ScoredChunk> list = [.. Enumerable.Range(0, 50).Select(i => Chunks.Scored("d" + i, 50 - i))];

        Assert.Equal(7, ScoreFusion.Weighted([(list, 1)], 7).Count);
        Assert.Equal(7, ScoreFusion.ReciprocalRank([(list, 1)], 60, 7).Count);
    }
}
