using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>Sentence-level dense evidence: sentence records, max pooling per chunk, and a third list in hybrid fusion.</summary>
public sealed class SentenceVectorsTests
{
    private const string Needle = "Vitamin D supplements lower the risk of hip fractures in older women.";

    private static readonly DocumentChunk[] Corpus =
    [
        // The needle sentence is diluted by unrelated sentences in the whole-chunk embedding.
        Chunks.Make("long", $"Gold coins were minted at Philadelphia during eighteen ninety two. Railroad companies built bridges across many rivers quickly. {Needle} Farmers harvested wheat, corn, barley and oats each autumn season. Teachers asked congress for money to build schools everywhere.", ("year", "2001")),
        Chunks.Make("spread", "Women take supplements. Older people fall. The risk of fractures is studied. Vitamin levels vary by season.", ("year", "2002")),
        Chunks.Make("other", "Gold and silver coins were minted. The bank lent money to farmers.", ("year", "2003")),
    ];

    [Fact]
    public void Split_makes_one_record_per_sentence_that_keeps_the_chunks_document_title_and_metadata()
    {
        var chunk = Corpus[0] with { Title = "Mixed notes" };

        var sentences = SentenceVectors.Split(chunk);

        Assert.Equal(5, sentences.Count);
        Assert.Equal(Needle, sentences[2].Text);
        Assert.Equal(["long#0#s0", "long#0#s1", "long#0#s2", "long#0#s3", "long#0#s4"], sentences.Select(s => s.Id));
        Assert.All(sentences, s =>
        {
            Assert.Equal("long", s.DocumentId);
            Assert.Equal("Mixed notes", s.Title);
            Assert.Equal("2001", s.Metadata["year"]);
            Assert.Equal(chunk.Id, SentenceVectors.ChunkIdOf(s.Id));
        });
    }

    [Fact]
    public void Chunk_id_of_a_sentence_survives_ids_that_contain_the_separator()
    {
        Assert.Equal("notes#s1.md#3", SentenceVectors.ChunkIdOf(SentenceVectors.MakeId("notes#s1.md#3", 12)));
        var error = Assert.Throws<ArgumentException>(() => SentenceVectors.ChunkIdOf("plain#0"));
        Assert.Contains("not a sentence id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_sentence_per_chunk_keeps_each_chunks_highest_sentence_in_rank_order()
    {
        var a = Chunks.Make("a", "x");
        var b = Chunks.Make("b", "y");
        IReadOnlyList<ScoredChunk> sentences =
        [
            new(a with { Id = SentenceVectors.MakeId(a.Id, 3) }, 0.9),
            new(b with { Id = SentenceVectors.MakeId(b.Id, 0) }, 0.8),
            new(a with { Id = SentenceVectors.MakeId(a.Id, 1) }, 0.7),
        ];

        var hits = SentenceVectors.BestSentencePerChunk(sentences);

        Assert.Equal([new ChunkHit("a#0", "a", 0.9), new ChunkHit("b#0", "b", 0.8)], hits);
    }

    [Fact]
    public void Mean_of_top_two_and_log_sum_exp_pooling_reward_a_second_good_sentence()
    {
        IReadOnlyList<ChunkHit> sentences =
        [
            new(SentenceVectors.MakeId("a#0", 0), "a", 0.80),
            new(SentenceVectors.MakeId("b#0", 2), "b", 0.78),
            new(SentenceVectors.MakeId("b#0", 5), "b", 0.76),
            new(SentenceVectors.MakeId("a#0", 1), "a", 0.30),
        ];

        var max = SentenceVectors.PoolByChunk(sentences, SentencePooling.Max);
        var topTwo = SentenceVectors.PoolByChunk(sentences, SentencePooling.MeanOfTopTwo);
        var lse = SentenceVectors.PoolByChunk(sentences, SentencePooling.LogSumExp, temperature: 0.05);

        Assert.Equal([new ChunkHit("a#0", "a", 0.80), new ChunkHit("b#0", "b", 0.78)], max);
        Assert.Equal(["b#0", "a#0"], topTwo.Select(h => h.ChunkId));
        Assert.Equal([0.77, 0.55], topTwo.Select(h => Math.Round(h.Score, 9)));

        // b: 0.78 + 0.05 * ln(1 + e^-0.4) = 0.80565; a: 0.80 + 0.05 * ln(1 + e^-10), just above its max.
        Assert.Equal(["b#0", "a#0"], lse.Select(h => h.ChunkId));
        Assert.Equal(0.78 + (0.05 * Math.Log(1 + Math.Exp(-0.4))), lse[0].Score, 12);
        Assert.Equal(0.80 + (0.05 * Math.Log(1 + Math.Exp(-10))), lse[1].Score, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => SentenceVectors.PoolByChunk(sentences, SentencePooling.LogSumExp, temperature: 0));
    }

    [Fact]
    public void Z_score_fusion_of_three_lists_gives_an_item_of_one_list_the_floors_of_the_other_two()
    {
        IReadOnlyList<ChunkHit> dense = [new("a#0", "a", 3), new("b#0", "b", 1)];
        IReadOnlyList<ChunkHit> keyword = [new("c#0", "c", 5), new("a#0", "a", 1)];
        IReadOnlyList<ChunkHit> sentence = [new("b#0", "b", 0.9), new("c#0", "c", 0.5), new("d#0", "d", 0.1)];

        var fused = ScoreFusion.Weighted([(dense, 1), (keyword, 1), (sentence, 1)], 10, ScoreNormalization.ZScore);

        // dense z: a 1, b -1 (floor -1); keyword z: c 1, a -1 (floor -1); sentence: mean 0.5, std 0.4*sqrt(2/3), so
        // b +s, c 0, d -s with s = sqrt(1.5) (floor -s). Sums minus the floors (-2 - s):
        // a 1 - 1 - s + 2 + s = 2; b -1 - 1 + s + 2 + s = 2s; c -1 + 1 + 0 + 2 + s = 2 + s; d -1 - 1 - s + 2 + s = 0.
        var s = Math.Sqrt(1.5);
        Assert.Equal(["c#0", "b#0", "a#0", "d#0"], fused.Select(h => h.ChunkId));
        Assert.Equal([2 + s, 2 * s, 2, 0], fused.Select(h => h.Score), new ToleranceComparer(1e-9));
    }

    [Fact]
    public async Task Hybrid_retriever_fuses_the_best_sentence_list_as_a_third_list_and_returns_whole_chunks()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        using var keyword = BuildKeyword();
        var vectors = await BuildVectorsAsync(embedder, ct);
        var sentences = await BuildSentencesAsync(embedder, ct);
        Assert.Equal(11, await sentences.CountAsync(ct));
        var fusion = new FusionOptions { SentenceWeight = 0.5, CandidateDepth = 10, SentenceCandidateDepth = 20 };
        var retriever = new HybridRetriever(keyword, vectors, sentences, embedder, new HybridRetrieverOptions { Fusion = fusion });

        var results = await retriever.RetrieveAsync(Needle, new RetrievalOptions { TopK = 3 }, ct);

        var queryVector = (await embedder.GenerateAsync([Needle], cancellationToken: ct))[0].Vector;
        var denseHits = (await vectors.SearchAsync(queryVector, 10, cancellationToken: ct)).Select(h => new ChunkHit(h.Chunk.Id, h.Chunk.DocumentId, h.Score)).ToArray();
        var sentenceHits = SentenceVectors.BestSentencePerChunk(await sentences.SearchAsync(queryVector, 20, cancellationToken: ct));
        var expected = ScoreFusion.Weighted(
            ScoreFusion.BestChunkPerDocument([(denseHits, fusion.DenseWeight), (keyword.SearchHits(Needle, 10), fusion.KeywordWeight), (sentenceHits, 0.5)]), 3, ScoreNormalization.ZScore, byDocument: true);
        Assert.Equal(expected.Select(e => (e.ChunkId, Math.Round(e.Score, 9))), results.Select(r => (r.Chunk.Id, Math.Round(r.Score, 9))));
        Assert.Equal("long#0", results[0].Chunk.Id);
        Assert.Equal(Corpus[0].Text, results[0].Chunk.Text); // the chunk, not the sentence

        // Sentence weight 0 (the two-signal preset) is the two-list fusion: the sentence index is not consulted.
        var twoSignal = FusionOptions.TwoSignal;
        twoSignal.CandidateDepth = 10;
        var twoLists = await retriever.RetrieveAsync(Needle, new RetrievalOptions { TopK = 3, Fusion = twoSignal }, ct);
        var expectedTwo = ScoreFusion.Weighted(ScoreFusion.BestChunkPerDocument([(denseHits, 0.5), (keyword.SearchHits(Needle, 10), 0.5)]), 3, ScoreNormalization.ZScore, byDocument: true);
        Assert.Equal(expectedTwo.Select(e => (e.ChunkId, Math.Round(e.Score, 9))), twoLists.Select(r => (r.Chunk.Id, Math.Round(r.Score, 9))));
    }

    [Fact]
    public async Task Sentence_list_alone_ranks_a_chunk_by_its_best_sentence_and_honours_the_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        using var keyword = BuildKeyword();
        var vectors = await BuildVectorsAsync(embedder, ct);
        var sentences = await BuildSentencesAsync(embedder, ct);
        var sentenceOnly = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 1 };
        var retriever = new HybridRetriever(keyword, vectors, sentences, embedder, new HybridRetrieverOptions { Fusion = sentenceOnly });

        // The whole-chunk cosine prefers "spread" (all the query's words, none of the noise); its best sentence does not.
        var dense = await vectors.SearchAsync((await embedder.GenerateAsync([Needle], cancellationToken: ct))[0].Vector, 3, cancellationToken: ct);
        Assert.Equal("spread", dense[0].Chunk.DocumentId);
        var results = await retriever.RetrieveAsync(Needle, new RetrievalOptions { TopK = 3 }, ct);
        Assert.Equal("long", results[0].Chunk.DocumentId);

        var filtered = await retriever.RetrieveAsync(Needle, new RetrievalOptions { TopK = 3, Filter = new MetadataFilter().Equal("year", "2002") }, ct);
        Assert.Equal(["spread"], filtered.Select(r => r.Chunk.DocumentId));
    }

    [Fact]
    public async Task Dense_feedback_moves_the_query_of_the_sentence_search_too()
    {
        var ct = TestContext.Current.CancellationToken;
        using var embedder = new HashingEmbedder();
        using var keyword = BuildKeyword();
        var vectors = await BuildVectorsAsync(embedder, ct);
        var sentences = await BuildSentencesAsync(embedder, ct);
        var fusion = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 1, FeedbackDepth = 1, FeedbackWeight = 1 };
        var retriever = new HybridRetriever(keyword, vectors, sentences, embedder, new HybridRetrieverOptions { Fusion = fusion });
        const string Query = "vitamin supplements for older women";

        var results = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 3 }, ct);

        // The first pass ranks "long" first; feedback adds its chunk vector to the query (weight 1) and normalizes.
        var query = (await embedder.GenerateAsync([Query], cancellationToken: ct))[0].Vector.ToArray();
        var firstPass = SentenceVectors.BestSentencePerChunk(await sentences.SearchAsync(query, 1000, cancellationToken: ct));
        var top = (await vectors.GetVectorsAsync([firstPass[0].ChunkId], ct))[firstPass[0].ChunkId];
        System.Numerics.Tensors.TensorPrimitives.Add(query, top.Span, query);
        System.Numerics.Tensors.TensorPrimitives.Divide(query, System.Numerics.Tensors.TensorPrimitives.Norm(query), query);
        var moved = SentenceVectors.BestSentencePerChunk(await sentences.SearchAsync(query, 1000, cancellationToken: ct));
        var expected = ScoreFusion.Weighted(ScoreFusion.BestChunkPerDocument([(moved, 1)]), 3, ScoreNormalization.ZScore, byDocument: true);
        var unmoved = ScoreFusion.Weighted(ScoreFusion.BestChunkPerDocument([(firstPass, 1)]), 3, ScoreNormalization.ZScore, byDocument: true);
        Assert.Equal(expected.Select(e => (e.ChunkId, Math.Round(e.Score, 9))), results.Select(r => (r.Chunk.Id, Math.Round(r.Score, 9))));
        Assert.NotEqual(unmoved.Select(e => Math.Round(e.Score, 9)), results.Select(r => Math.Round(r.Score, 9)));
    }

    [Fact]
    public void The_default_fuses_passages_keywords_and_sentences_at_the_decided_weights_and_the_presets_keep_two_signals()
    {
        var fusion = new FusionOptions();

        // Decision 0020: dense 0.5, keyword 0.75, sentence 0.5, chosen with the default pair of embedding models.
        Assert.Equal((0.5, 0.75, 0.5), (fusion.DenseWeight, fusion.KeywordWeight, fusion.SentenceWeight));
        Assert.Equal(Orchestrator.Embeddings.MiniLM.MiniLmModel.AllMiniLmL6V2AndArcticEmbedXs, new Orchestrator.Embeddings.MiniLM.MiniLmEmbeddingOptions().Model);
        Assert.Equal(ScoreNormalization.ZScore, fusion.Normalization);
        Assert.Equal(SentencePooling.Max, fusion.SentencePooling);
        Assert.True(new Ingestion.RagIndexOptions().SentenceVectors);
        Assert.All([FusionOptions.TwoSignal, FusionOptions.Rrf, FusionOptions.Specification70To30], preset => Assert.Equal(0, preset.SentenceWeight));
    }

    [Fact]
    public async Task A_negative_sentence_weight_is_rejected_with_the_option_named()
    {
        using var embedder = new HashingEmbedder();
        using var keyword = new LuceneBm25Index(new LuceneBm25Options());
        var retriever = new HybridRetriever(keyword, new EmbeddedVectorIndex(), new EmbeddedVectorIndex(), embedder, new HybridRetrieverOptions());

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            retriever.RetrieveAsync("q", new RetrievalOptions { Fusion = new FusionOptions { SentenceWeight = -0.5 } }, TestContext.Current.CancellationToken));
        Assert.Contains("SentenceWeight", error.Message, StringComparison.Ordinal);
    }

    private static LuceneBm25Index BuildKeyword()
    {
        var keyword = new LuceneBm25Index(new LuceneBm25Options());
        keyword.Upsert(Corpus);
        keyword.Commit();
        return keyword;
    }

    private static async Task<EmbeddedVectorIndex> BuildVectorsAsync(HashingEmbedder embedder, CancellationToken ct)
    {
        var vectors = new EmbeddedVectorIndex();
        var embeddings = await embedder.GenerateAsync(Corpus.Select(c => c.Text), cancellationToken: ct);
        await vectors.UpsertAsync([.. Corpus.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], ct);
        return vectors;
    }

    private static async Task<EmbeddedVectorIndex> BuildSentencesAsync(HashingEmbedder embedder, CancellationToken ct)
    {
        var sentences = new EmbeddedVectorIndex();
        await SentenceVectors.IndexAsync(Corpus, embedder, sentences, cancellationToken: ct);
        return sentences;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
