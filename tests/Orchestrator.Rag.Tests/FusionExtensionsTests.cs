using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The fourth session's scoring options: BM25 term proximity (inside the keyword list and as its own list) on real
/// Lucene indexes, per-query confidence weights, and neighbour score regularization over real stored vectors.
/// </summary>
public sealed class FusionExtensionsTests
{
    private static readonly string Filler = string.Join(' ', Enumerable.Range(0, 12).Select(i => "filler" + (char)('a' + i)));

    private static LuceneBm25Index BuildProximityIndex(float proximityWeight = 0)
    {
        var index = new LuceneBm25Index(new LuceneBm25Options { ProximityWeight = proximityWeight });
        index.Upsert(
        [
            Chunks.Make("adjacent", "heart attack symptoms", ("kind", "a")),
            Chunks.Make("reversed", "attack heart symptoms", ("kind", "a")),
            Chunks.Make("stopword", "heart of attack symptoms", ("kind", "b")),
            Chunks.Make("far", "heart " + Filler + " attack", ("kind", "b")),
            Chunks.Make("near", "heart attack " + Filler, ("kind", "b")),
            Chunks.Make("single", "heart disease symptoms", ("kind", "a")),
        ]);
        index.Commit();
        return index;
    }

    [Fact]
    public void Proximity_hits_hold_only_chunks_with_a_query_pair_close_together_the_adjacent_pair_first()
    {
        using var index = BuildProximityIndex();

        var hits = index.ProximityHits("Heart attacks", 10);

        // "heart of attack": the stop word leaves a position gap, within the ordered window of one.
        Assert.Equal(["adjacent", "near", "reversed", "stopword"], hits.Select(h => h.DocumentId).Order(StringComparer.Ordinal));
        Assert.Equal("adjacent", hits[0].DocumentId);
        Assert.True(hits[0].Score > hits.Single(h => h.DocumentId == "reversed").Score);
        Assert.True(hits.Single(h => h.DocumentId == "reversed").Score > 0);
    }

    [Fact]
    public void Proximity_hits_apply_the_filter_and_need_two_distinct_terms()
    {
        using var index = BuildProximityIndex();

        Assert.Equal(["near", "stopword"], index.ProximityHits("heart attack", 10, new MetadataFilter().Equal("kind", "b")).Select(h => h.DocumentId).Order(StringComparer.Ordinal));
        Assert.Empty(index.ProximityHits("heart", 10));
        Assert.Empty(index.ProximityHits("heart heart the of", 10));
    }

    [Fact]
    public void Proximity_in_the_keyword_query_scales_unigrams_and_lifts_close_pairs()
    {
        using var plain = BuildProximityIndex();
        using var proximity = BuildProximityIndex(proximityWeight: 0.15f);

        var before = plain.SearchHits("heart attack", 10).ToDictionary(h => h.DocumentId, h => h.Score);
        var after = proximity.SearchHits("heart attack", 10).ToDictionary(h => h.DocumentId, h => h.Score);

        // Same terms and length: plain BM25 cannot tell "far" from "near"; proximity ranks "near" above it.
        Assert.Equal(before["far"], before["near"], 5);
        Assert.True(after["near"] > after["far"]);

        // A chunk with no close pair keeps only the unigram share: 0.85 of its plain BM25 score.
        Assert.Equal(0.85 * before["far"], after["far"], 4);
        Assert.Equal(0.85 * before["single"], after["single"], 4);

        // The same query through the filtered (boolean query) path scores the same.
        var filtered = proximity.SearchHits("heart attack", 10, new MetadataFilter().Equal("kind", "b")).ToDictionary(h => h.DocumentId, h => h.Score);
        Assert.Equal(after["near"], filtered["near"], 5);
        Assert.Equal(after["far"], filtered["far"], 5);
    }

    [Fact]
    public void Confidence_weights_follow_each_lists_lead_in_its_own_standard_deviations_and_keep_the_sum()
    {
        // List a: 4, 0, 0, 0 (mean 1, standard deviation sqrt 3); list b: 3, 2, 1, 0 (mean 1.5, sd sqrt 1.25).
        IReadOnlyList<ChunkHit> a = [new("p#0", "p", 4), new("q#0", "q", 0), new("r#0", "r", 0), new("s#0", "s", 0)];
        IReadOnlyList<ChunkHit> b = [new("q#0", "q", 3), new("p#0", "p", 2), new("r#0", "r", 1), new("s#0", "s", 0)];

        var gap = ScoreFusion.ConfidenceWeighted([(a, 0.5), (b, 0.5)], FusionListWeighting.TopGap);
        var z = ScoreFusion.ConfidenceWeighted([(a, 0.5), (b, 0.5)], FusionListWeighting.TopZScore);

        // Gap from first to last (fewer than ten): a 4 / sqrt 3, b 3 / sqrt 1.25.
        double gapA = 4 / Math.Sqrt(3), gapB = 3 / Math.Sqrt(1.25);
        Assert.Equal(gapA / (gapA + gapB), gap[0].Weight, 12);
        Assert.Equal(gapB / (gapA + gapB), gap[1].Weight, 12);

        // First score's z: a 3 / sqrt 3, b 1.5 / sqrt 1.25.
        double zA = 3 / Math.Sqrt(3), zB = 1.5 / Math.Sqrt(1.25);
        Assert.Equal(zA / (zA + zB), z[0].Weight, 12);
        Assert.Equal(1.0, z[0].Weight + z[1].Weight, 12);
        Assert.Same(a, z[0].List);
    }

    [Fact]
    public void Confidence_weights_silence_a_flat_list_and_leave_fixed_weights_alone()
    {
        IReadOnlyList<ChunkHit> flat = [new("p#0", "p", 1), new("q#0", "q", 1), new("r#0", "r", 1)];
        IReadOnlyList<ChunkHit> spread = [new("p#0", "p", 2), new("q#0", "q", 1), new("r#0", "r", 0)];
        IReadOnlyList<(IReadOnlyList<ChunkHit> List, double Weight)> lists = [(flat, 0.5), (spread, 0.25)];

        var weighted = ScoreFusion.ConfidenceWeighted(lists, FusionListWeighting.TopGap);

        Assert.Equal(0, weighted[0].Weight);
        Assert.Equal(0.75, weighted[1].Weight, 12);
        Assert.Same(lists, ScoreFusion.ConfidenceWeighted(lists, FusionListWeighting.Fixed));
        Assert.Equal([0.5, 0.25], ScoreFusion.ConfidenceWeighted([(flat, 0.5), (flat, 0.25)], FusionListWeighting.TopZScore).Select(l => l.Weight));
    }

    [Fact]
    public void Neighbour_smoothing_mixes_each_score_with_its_nearest_candidates_scores()
    {
        IReadOnlyList<ChunkHit> fused = [new("x#0", "x", 1.0), new("z#0", "z", 0.9), new("y#0", "y", 0.8), new("w#0", "w", 0.84)];
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>
        {
            ["x#0"] = new float[] { 1, 0 },
            ["y#0"] = new float[] { 0.8f, 0.6f },
            ["z#0"] = new float[] { 0, 1 },
        };

        var smoothed = ScoreFusion.SmoothByNeighbours(fused, vectors, alpha: 0.5, neighbours: 1);

        // x's nearest is y (0.8): 0.9; y's is x (0.8 against z's 0.6): 0.9; z's is y: 0.85, below y now; w has no
        // vector and keeps 0.84.
        Assert.Equal(["x#0", "y#0", "z#0", "w#0"], smoothed.Select(h => h.ChunkId));
        Assert.Equal([0.9, 0.9, 0.85, 0.84], smoothed.Select(h => Math.Round(h.Score, 6)));

        // Two neighbours: x averages y and z, (0.8 + 0.9) / 2.
        var two = ScoreFusion.SmoothByNeighbours(fused, vectors, alpha: 0.2, neighbours: 2);
        Assert.Equal((0.8 * 1.0) + (0.2 * 0.85), two.Single(h => h.ChunkId == "x#0").Score, 6);

        // Similarity-weighted: z is orthogonal to x, so x's mean is y's score alone: 0.8 * 1 + 0.2 * 0.8.
        var weighted = ScoreFusion.SmoothByNeighbours(fused, vectors, alpha: 0.2, neighbours: 2, similarityWeighted: true);
        Assert.Equal((0.8 * 1.0) + (0.2 * 0.8), weighted.Single(h => h.ChunkId == "x#0").Score, 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreFusion.SmoothByNeighbours(fused, vectors, alpha: 1.5, neighbours: 1));
    }

    [Fact]
    public async Task Hybrid_retrieval_with_a_proximity_list_confidence_weights_and_smoothing_composes_the_pieces()
    {
        var ct = TestContext.Current.CancellationToken;
        using var keyword = new LuceneBm25Index(new LuceneBm25Options());
        using var embedder = new HashingEmbedder();
        DocumentChunk[] corpus =
        [
            Chunks.Make("a", "the tax revenue of the federal budget grew"), Chunks.Make("b", "revenue tax on imports and the budget"),
            Chunks.Make("c", "budget deficit and federal tax revenue"), Chunks.Make("d", "wheat and corn prices on the farm"),
            Chunks.Make("e", "farm prices fell while tax revenue rose"), Chunks.Make("f", "the navy and the army in peace"),
            Chunks.Make("g", "tax cuts and revenue in the budget debate"), Chunks.Make("h", "gold and silver currency of the bank"),
        ];
        keyword.Upsert(corpus);
        keyword.Commit();
        var vectors = new EmbeddedVectorIndex();
        var embeddings = await embedder.GenerateAsync(corpus.Select(c => c.Text), cancellationToken: ct);
        await vectors.UpsertAsync([.. corpus.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], ct);
        var fusion = new FusionOptions { DenseWeight = 0.5, KeywordWeight = 0.5, CandidateDepth = 6, ProximityWeight = 0.25, ListWeighting = FusionListWeighting.TopGap, NeighbourSmoothing = 0.3, NeighbourCount = 2 };
        var retriever = new HybridRetriever(keyword, vectors, embedder, new HybridRetrieverOptions { Fusion = fusion });
        const string Query = "tax revenue budget";

        var results = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 3 }, ct);

        var queryVector = (await embedder.GenerateAsync([Query], cancellationToken: ct))[0].Vector;
        var dense = (await vectors.SearchAsync(queryVector, 6, cancellationToken: ct)).Select(s => new ChunkHit(s.Chunk.Id, s.Chunk.DocumentId, s.Score)).ToArray();
        var lists = ScoreFusion.ConfidenceWeighted(
            ScoreFusion.BestChunkPerDocument([(dense, 0.5), (keyword.SearchHits(Query, 6), 0.5), (keyword.ProximityHits(Query, 6), 0.25)]), FusionListWeighting.TopGap);
        var fused = ScoreFusion.Weighted(lists, 6, ScoreNormalization.ZScore, byDocument: true);
        var stored = await vectors.GetVectorsAsync([.. fused.Select(h => h.ChunkId)], ct);
        var expected = ScoreFusion.SmoothByNeighbours(fused, stored, 0.3, 2).Take(3).ToArray();
        Assert.Equal(expected.Select(e => (e.ChunkId, Math.Round(e.Score, 9))), results.Select(r => (r.Chunk.Id, Math.Round(r.Score, 9))));
        Assert.NotEqual(lists[0].Weight, lists[1].Weight);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retriever.RetrieveAsync(Query, new RetrievalOptions { Fusion = new FusionOptions { NeighbourSmoothing = 2 } }, ct));
    }
}
