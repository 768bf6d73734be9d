using Orchestrator.Rag.Chunking;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>The keyword index's scoring models (<see cref="LuceneBm25Options.Scoring"/>, <see cref="LuceneBm25Options.SecondaryScoring"/>) on real text.</summary>
public sealed class KeywordScoringTests
{
    private static readonly KeywordScoring[] Models = Enum.GetValues<KeywordScoring>();

    private static readonly string[] Queries =
    [
        "How will the government help the unemployed?", "war in Vietnam", "tax cut for families and the budget",
        "banks, credit and the farmers", "the nation's defense",
    ];

    // Two State of the Union addresses cut into runs of one to five sentences, one chunk each: real text of very
    // different lengths (so length normalization matters), tagged with its address so filters have something to select.
    private static List<DocumentChunk> Paragraphs()
    {
        var chunks = new List<DocumentChunk>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sotu"), "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var sentences = SentenceSegmenter.Split(File.ReadAllText(file));
            for (int start = 0, size = 1; start < sentences.Count; start += size, size = (size % 5) + 1)
            {
                var text = string.Join(' ', sentences.Skip(start).Take(size));
                chunks.Add(Chunks.Make($"{name}-{start}", text, ("file", name), ("all", "yes")));
            }
        }

        return chunks;
    }

    [Fact]
    public void Every_model_scores_an_index_written_with_bm25_exactly_as_an_index_written_with_that_model()
    {
        // The second model scores an index whose norms BM25 wrote; the first model scores one written by itself. Equal
        // hits and scores show that the models store and read document lengths alike, so no re-indexing is needed.
        var chunks = Paragraphs();
        Assert.True(chunks.Count > 40, $"{chunks.Count} chunks");
        foreach (var model in Models)
        {
            using var writtenWithBm25 = TestIndexes.Keyword(chunks, new LuceneBm25Options { SecondaryScoring = model });
            using var writtenWithModel = TestIndexes.Keyword(chunks, new LuceneBm25Options { Scoring = model });
            foreach (var query in Queries)
            {
                var expected = writtenWithModel.SearchHits(query, 50);
                Assert.NotEmpty(expected);
                Assert.Equal(expected, writtenWithBm25.SecondaryHits(query, 50));

                var filter = new MetadataFilter().Equal("file", "1964_lyndon_b_johnson_d");
                Assert.Equal(writtenWithModel.SearchHits(query, 50, filter), writtenWithBm25.SecondaryHits(query, 50, filter));
            }
        }
    }

    [Fact]
    public void Term_at_a_time_scoring_returns_what_lucenes_boolean_query_returns_for_every_model()
    {
        // Unfiltered queries are scored term at a time; a filter every chunk passes sends the same query through Lucene's
        // boolean query. Language models clamp a term's score to 0, so many matching chunks score 0: each must still come
        // back once, as Lucene returns it, not once per matching term.
        var chunks = Paragraphs();
        var everything = new MetadataFilter().Equal("all", "yes");
        foreach (var model in Models)
        {
            using var index = TestIndexes.Keyword(chunks, new LuceneBm25Options { Scoring = model });
            foreach (var query in Queries)
            {
                var termAtATime = index.SearchHits(query, chunks.Count);
                Assert.Equal(index.SearchHits(query, chunks.Count, everything), termAtATime);
                Assert.Equal(termAtATime.Count, termAtATime.Select(h => h.ChunkId).Distinct(StringComparer.Ordinal).Count());
            }
        }
    }

    [Fact]
    public void Dirichlet_gives_zero_to_chunks_that_hold_a_term_less_often_than_the_collection_predicts()
    {
        using var index = TestIndexes.Keyword(Paragraphs(), new LuceneBm25Options { Scoring = KeywordScoring.LmDirichlet, DirichletMu = 2000 });

        var hits = index.SearchHits("the nation's defense", 1000);

        // Lucene's Dirichlet model clamps a term's negative score to 0: "nation" is common, so most chunks holding only it score 0.
        Assert.Contains(hits, h => h.Score == 0);
        Assert.Contains(hits, h => h.Score > 0);
        Assert.True(index.AverageLength > 10, $"average length {index.AverageLength}");
    }

    [Fact]
    public void Models_rank_the_same_matches_differently()
    {
        var chunks = Paragraphs();
        using var bm25 = TestIndexes.Keyword(chunks);
        IReadOnlyList<string> Top(KeywordScoring model)
        {
            using var index = TestIndexes.Keyword(chunks, new LuceneBm25Options { Scoring = model });
            return [.. index.SearchHits("tax cut for families and the budget", 10).Select(h => h.ChunkId)];
        }

        var bm25Top = bm25.SearchHits("tax cut for families and the budget", 10).Select(h => h.ChunkId).ToArray();
        Assert.Equal(bm25Top, Top(KeywordScoring.Bm25));
        Assert.Contains(Models.Where(m => m != KeywordScoring.Bm25), m => !Top(m).SequenceEqual(bm25Top));
    }

    [Fact]
    public void Bm25_plus_adds_the_terms_idf_to_every_match_of_bm25()
    {
        // BM25+ with delta 1: each matching term scores its BM25 score plus its idf, so for a one-term query every hit's
        // score differs from BM25's by the same amount, the term's idf, and the order of the matches is BM25's.
        var chunks = Paragraphs();
        using var bm25 = TestIndexes.Keyword(chunks);
        using var plus = TestIndexes.Keyword(chunks, new LuceneBm25Options { Scoring = KeywordScoring.Bm25Plus });

        var expected = bm25.SearchHits("taxes", chunks.Count);
        var hits = plus.SearchHits("taxes", chunks.Count);

        Assert.InRange(expected.Count, 2, chunks.Count - 1);
        var idf = Math.Log(1 + ((chunks.Count - expected.Count + 0.5) / (expected.Count + 0.5)));
        Assert.Equal(expected.Select(h => h.ChunkId), hits.Select(h => h.ChunkId));
        Assert.All(expected.Zip(hits), p => Assert.Equal(p.First.Score + idf, p.Second.Score, 4));
    }

    [Fact]
    public void Undefined_models_and_parameters_out_of_range_are_refused_with_the_option_named()
    {
        var model = Assert.Throws<ArgumentOutOfRangeException>(() => new LuceneBm25Index(new LuceneBm25Options { Scoring = (KeywordScoring)42 }));
        Assert.Contains("LuceneBm25Options.Scoring", model.Message, StringComparison.Ordinal);
        Assert.Contains("LmDirichlet", model.Message, StringComparison.Ordinal);

        var secondary = Assert.Throws<ArgumentOutOfRangeException>(() => new LuceneBm25Index(new LuceneBm25Options { SecondaryScoring = (KeywordScoring)42 }));
        Assert.Contains("LuceneBm25Options.SecondaryScoring", secondary.Message, StringComparison.Ordinal);

        var mu = Assert.Throws<ArgumentOutOfRangeException>(() => new LuceneBm25Index(new LuceneBm25Options { Scoring = KeywordScoring.LmDirichlet, DirichletMu = 0 }));
        Assert.Contains("DirichletMu", mu.Message, StringComparison.Ordinal);

        var lambda = Assert.Throws<ArgumentOutOfRangeException>(() => new LuceneBm25Index(new LuceneBm25Options { SecondaryScoring = KeywordScoring.LmJelinekMercer, JelinekMercerLambda = 1.5f }));
        Assert.Contains("JelinekMercerLambda", lambda.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_second_model_the_second_list_is_empty()
    {
        using var index = TestIndexes.Keyword(Paragraphs());

        Assert.Empty(index.SecondaryHits("war in Vietnam", 10));
    }

    [Fact]
    public async Task The_second_list_joins_the_fusion_as_its_own_list()
    {
        var ct = TestContext.Current.CancellationToken;
        var chunks = Paragraphs();
        var embedder = new HashingEmbedder();
        using var keyword = TestIndexes.Keyword(chunks, new LuceneBm25Options { SecondaryScoring = KeywordScoring.DfrInExpB2 });
        var vectors = await TestIndexes.VectorsAsync(chunks, embedder, ct);
        var retriever = new HybridRetriever(keyword, vectors, embedder, new HybridRetrieverOptions());
        const string Query = "banks, credit and the farmers";

        // Only the second list weighted: fusion ranks by it, so the order is the second model's own.
        var alone = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 0, SecondaryKeywordWeight = 1 };
        var fused = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 10, Fusion = alone }, ct);
        Assert.Equal(keyword.SecondaryHits(Query, 10).Select(h => h.ChunkId), fused.Select(c => c.Chunk.Id));

        // Beside BM25 and dense it changes the fused ranking; a negative weight is refused with the option named.
        var beside = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 20, Fusion = new FusionOptions { SecondaryKeywordWeight = 1 } }, ct);
        var without = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 20 }, ct);
        Assert.NotEqual(without.Select(c => (c.Chunk.Id, c.Score)), beside.Select(c => (c.Chunk.Id, c.Score)));
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retriever.RetrieveAsync(Query, new RetrievalOptions { Fusion = new FusionOptions { SecondaryKeywordWeight = -1 } }, ct));
        Assert.Contains("SecondaryKeywordWeight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persisted_index_changes_its_model_without_re_indexing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("orch-scoring-").FullName;
        var freshDir = Directory.CreateTempSubdirectory("orch-scoring-fresh-").FullName;
        try
        {
            var embedder = new HashingEmbedder();
            RagIndexOptions Options(string directory, KeywordScoring scoring) => new()
            {
                Directory = directory,
                Bm25 = new LuceneBm25Options { Scoring = scoring },
                Retrieval = new() { Mode = RetrievalMode.Keyword },
            };
            var documents = Paragraphs().Take(40).Select(c => new SourceDocument(c.DocumentId, c.Text, c.DocumentId, new Dictionary<string, string>())).ToArray();
            const string Query = "tax cut for families and the budget";
            using (var bm25 = await RagIndex.OpenAsync(Options(dir, KeywordScoring.Bm25), embedder, ct))
            {
                Assert.Equal(40, (await bm25.IngestAsync(documents, cancellationToken: ct)).Added);
            }

            using var dirichlet = await RagIndex.OpenAsync(Options(dir, KeywordScoring.LmDirichlet), embedder, ct);
            Assert.Equal(40, (await dirichlet.IngestAsync(documents, cancellationToken: ct)).Skipped);
            var hits = await dirichlet.Retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 10 }, ct);

            // The same documents ingested afresh under Dirichlet rank identically, scores included.
            using var fresh = await RagIndex.OpenAsync(Options(freshDir, KeywordScoring.LmDirichlet), embedder, ct);
            await fresh.IngestAsync(documents, cancellationToken: ct);
            var expected = await fresh.Retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 10 }, ct);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(h => (h.Chunk.Id, h.Score)), hits.Select(h => (h.Chunk.Id, h.Score)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            Directory.Delete(freshDir, recursive: true);
        }
    }
}
