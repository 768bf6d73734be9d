using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>CombMNZ over weighted fusion (<see cref="FusionOptions.CombMnz"/>): agreement between lists multiplies the fused score.</summary>
public sealed class CombMnzTests
{
    [Fact]
    public void Each_fused_score_is_multiplied_by_the_number_of_weighted_lists_that_returned_it()
    {
        IReadOnlyList<ChunkHit> dense = [new("a#0", "a", 3), new("b#0", "b", 1)];
        IReadOnlyList<ChunkHit> keyword = [new("c#0", "c", 5), new("a#0", "a", 1), new("b#1", "b", 0.5)];
        IReadOnlyList<ChunkHit> ignored = [new("c#0", "c", 1)];
        IReadOnlyList<(IReadOnlyList<ChunkHit>, double)> lists = [(dense, 1), (keyword, 1), (ignored, 0)];
        IReadOnlyList<ChunkHit> fused = [new("c#0", "c", 2.0), new("a#0", "a", 1.5), new("b#0", "b", 0.4)];

        var byChunk = ScoreFusion.MultiplyByListCount(fused, lists, 10);
        var byDocument = ScoreFusion.MultiplyByListCount(fused, lists, 2, byDocument: true);

        // By chunk: a in both lists (x2), c in one (the weight-0 list does not count), b#0 in one.
        Assert.Equal([new ChunkHit("a#0", "a", 3.0), new ChunkHit("c#0", "c", 2.0), new ChunkHit("b#0", "b", 0.4)], byChunk);

        // By document: b's two chunks make it a document both lists returned; the top k is cut after rescaling.
        Assert.Equal([new ChunkHit("a#0", "a", 3.0), new ChunkHit("c#0", "c", 2.0)], byDocument);
        Assert.Equal(0.8, ScoreFusion.MultiplyByListCount(fused, lists, 3, byDocument: true)[2].Score, 12);
    }

    [Fact]
    public async Task Hybrid_retriever_applies_comb_mnz_to_every_candidate_before_the_top_k()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        DocumentChunk[] corpus =
        [
            Chunks.Make("a", "tax revenue and the federal budget"), Chunks.Make("b", "revenue from tariffs on imports"),
            Chunks.Make("c", "the budget debate in congress"), Chunks.Make("d", "wheat and corn prices on the farm"),
            Chunks.Make("e", "tax cuts for families"), Chunks.Make("f", "the navy and the army in peace"),
        ];
        using var keyword = TestIndexes.Keyword(corpus);
        var vectors = await TestIndexes.VectorsAsync(corpus, embedder, ct);
        var fusion = new FusionOptions { CandidateDepth = 4, SentenceWeight = 0, CombMnz = true };
        var retriever = new HybridRetriever(keyword, vectors, embedder, new HybridRetrieverOptions { Fusion = fusion });
        const string Query = "tax revenue budget";

        var results = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 3 }, ct);

        var queryVector = (await embedder.GenerateAsync([Query], cancellationToken: ct))[0].Vector;
        var dense = (await vectors.SearchAsync(queryVector, 4, cancellationToken: ct)).Select(s => new ChunkHit(s.Chunk.Id, s.Chunk.DocumentId, s.Score)).ToArray();
        var lists = ScoreFusion.BestChunkPerDocument([(dense, fusion.DenseWeight), (keyword.SearchHits(Query, 4), fusion.KeywordWeight)]);
        var all = ScoreFusion.Weighted(lists, int.MaxValue, ScoreNormalization.ZScore, byDocument: true);
        var expected = ScoreFusion.MultiplyByListCount(all, lists, 3, byDocument: true);
        Assert.Equal(expected.Select(e => (e.ChunkId, Math.Round(e.Score, 9))), results.Select(r => (r.Chunk.Id, Math.Round(r.Score, 9))));
        Assert.NotEqual(
            ScoreFusion.Weighted(lists, 3, ScoreNormalization.ZScore, byDocument: true).Select(e => Math.Round(e.Score, 9)),
            results.Select(r => Math.Round(r.Score, 9)));
    }
}
