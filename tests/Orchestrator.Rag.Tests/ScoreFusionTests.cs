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
    public void Fusion_returns_at_most_top_k()
    {
        IReadOnlyList<ScoredChunk> list = [.. Enumerable.Range(0, 50).Select(i => Chunks.Scored("d" + i, 50 - i))];

        Assert.Equal(7, ScoreFusion.Weighted([(list, 1)], 7).Count);
        Assert.Equal(7, ScoreFusion.ReciprocalRank([(list, 1)], 60, 7).Count);
    }
}
