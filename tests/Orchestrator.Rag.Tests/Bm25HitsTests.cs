using System.Text.Json;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Orchestrator.Rag.Fusion;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>The id-only BM25 path (no stored fields read) must rank exactly as the path that loads every chunk.</summary>
public sealed class Bm25HitsTests
{
    private static readonly string[] Topics =
    [
        "tax revenue budget deficit", "farm wheat corn prices", "moon space rocket launch", "army navy war peace",
        "railroad canal commerce trade", "school education teachers", "tariff imports duties", "bank currency gold silver",
    ];

    // Several segments (a commit per batch), some deletions and documents with several chunks.
    private static LuceneBm25Index BuildSegmented()
    {
        var index = new LuceneBm25Index(new LuceneBm25Options());
        for (var batch = 0; batch < 4; batch++)
        {
            index.Upsert(Enumerable.Range(0, 30).Select(i =>
            {
                var n = (batch * 30) + i;
                var words = string.Join(' ', Enumerable.Range(0, 1 + (n % 5)).Select(r => Topics[(n + r) % Topics.Length]));
                return Chunks.Make("d" + (n / 2), n % 2, words, ("part", (n % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }));
            index.Commit();
        }

        index.DeleteDocument("d7");
        index.Commit();
        return index;
    }

    [Theory]
    [InlineData("tax revenue and the budget")]
    [InlineData("prices of wheat, gold and silver")]
    [InlineData("war")]
    public void Hits_rank_like_loaded_search_across_segments_and_deletions(string query)
    {
        using var index = BuildSegmented();

        var loaded = index.Search(query, 40);
        var hits = index.SearchHits(query, 40);

        Assert.NotEmpty(hits);
        Assert.Equal(loaded.Select(c => (c.Chunk.Id, c.Chunk.DocumentId, c.Score)), hits.Select(h => (h.ChunkId, h.DocumentId, h.Score)));
        Assert.DoesNotContain(hits, h => h.DocumentId == "d7");
    }

    [Theory]
    [InlineData("tax revenue and the budget")]
    [InlineData("prices of wheat, gold and silver, wheat again")]
    [InlineData("war")]
    public void Term_at_a_time_scores_equal_lucenes_boolean_query_scores(string query)
    {
        using var index = BuildSegmented();

        // A filter every chunk passes sends the query through Lucene's own boolean query and scorer.
        var everything = new MetadataFilter().AnyOf("part", "0", "1", "2");
        var lucene = index.SearchHits(query, 200, everything);
        var termAtATime = index.SearchHits(query, 200);

        Assert.NotEmpty(lucene);
        Assert.Equal(lucene, termAtATime);
    }

    [Fact]
    public void Term_at_a_time_leaves_nothing_behind_for_the_next_query_on_the_thread()
    {
        using var index = BuildSegmented();
        var first = index.SearchHits("moon space rocket", 200);

        _ = index.SearchHits("tax revenue budget deficit farm wheat", 200);
        _ = index.SearchHits("railroad", 3);
        var again = index.SearchHits("moon space rocket", 200);

        Assert.Equal(first, again);
    }

    [Fact]
    public void Score_of_gives_the_search_score_of_chunks_and_documents_inside_or_outside_the_top_k()
    {
        using var index = BuildSegmented();
        const string Query = "tariff imports bank currency";
        var all = index.SearchHits(Query, 1000);
        var outside = all[^1];

        var byChunk = index.ScoreOf(Query, [all[0].ChunkId, outside.ChunkId, "d7#0", "nope#0"], byDocument: false);
        var byDocument = index.ScoreOf(Query, [outside.DocumentId, "d0"], byDocument: true);

        Assert.Equal(all[0].Score, byChunk[all[0].ChunkId]);
        Assert.Equal(outside.Score, byChunk[outside.ChunkId]);
        Assert.False(byChunk.ContainsKey("d7#0")); // deleted
        Assert.False(byChunk.ContainsKey("nope#0")); // unknown
        Assert.Equal(all.Where(h => h.DocumentId == outside.DocumentId).Max(h => h.Score), byDocument[outside.DocumentId]);

        // d0's chunks hold "tax revenue ..." and "farm wheat ...": indexed, no query term, so 0.
        Assert.Equal(0, byDocument["d0"]);
    }

    [Fact]
    public void Rm3_feedback_adds_terms_from_the_top_documents()
    {
        using var plain = new LuceneBm25Index(new LuceneBm25Options());
        using var expanded = new LuceneBm25Index(new LuceneBm25Options { FeedbackDocuments = 2, FeedbackTerms = 5, FeedbackOriginalWeight = 0.5f });
        DocumentChunk[] chunks =
        [
            Chunks.Make("a", "lunar rocket launch to the moon"),
            Chunks.Make("b", "rocket launch window for the moon mission"),
            Chunks.Make("c", "mission control and the orbital launch window"),
            Chunks.Make("d", "wheat and corn prices"),
        ];
        foreach (var index in new[] { plain, expanded })
        {
            index.Upsert(chunks);
            index.Commit();
        }

        // "lunar rocket" matches a and b only; feedback from them brings in "launch", "window", "mission": c now matches.
        Assert.DoesNotContain(plain.SearchHits("lunar rocket", 10), h => h.DocumentId == "c");
        var hits = expanded.SearchHits("lunar rocket", 10);
        Assert.Contains(hits, h => h.DocumentId == "c");
        Assert.DoesNotContain(hits, h => h.DocumentId == "d");
        Assert.Equal(["a", "b"], hits.Take(2).Select(h => h.DocumentId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Filtered_hits_contain_only_matching_chunks_and_all_of_them_up_to_k()
    {
        using var index = BuildSegmented();
        var filter = new MetadataFilter().Equal("part", "2");

        var all = index.Search("tax farm moon army railroad school tariff bank", 1000);
        var hits = index.SearchHits("tax farm moon army railroad school tariff bank", 1000, filter);

        var expected = all.Where(c => c.Chunk.Metadata["part"] == "2").Select(c => c.Chunk.Id).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, hits.Select(h => h.ChunkId));
    }

    [Fact]
    public void Equal_scores_keep_index_order_when_the_top_k_is_cut()
    {
        using var index = new LuceneBm25Index(new LuceneBm25Options());
        index.Upsert(Enumerable.Range(0, 50).Select(i => Chunks.Make("same" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "identical text about tariffs")));
        index.Commit();

        var hits = index.SearchHits("tariffs", 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "same" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), hits.Select(h => h.DocumentId));
    }

    [Fact]
    public void Get_chunks_loads_live_chunks_and_leaves_out_deleted_and_unknown_ids()
    {
        using var index = BuildSegmented();

        var chunks = index.GetChunks(["d3#1", "d7#0", "nope#0", "d59#0"]);

        Assert.Equal(["d3#1", "d59#0"], chunks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("d3", chunks["d3#1"].DocumentId);
        Assert.Equal(1, chunks["d3#1"].Index);
    }

    [Fact]
    public void An_index_written_without_id_doc_values_still_maps_hits_to_ids()
    {
        // The layout indexes had before ids became doc values: ids only indexed, the chunk only stored as JSON.
        var path = Path.Combine(Path.GetTempPath(), "orch-bm25-legacy-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var directory = FSDirectory.Open(path))
            using (var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48))
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
            {
                foreach (var chunk in new[] { Chunks.Make("old-a", "tariff on imports"), Chunks.Make("old-b", "imports of wheat") })
                {
                    writer.AddDocument(new Document
                    {
                        new StringField("id", chunk.Id, Field.Store.NO),
                        new StringField("doc", chunk.DocumentId, Field.Store.NO),
                        new TextField("content", chunk.Text, Field.Store.NO),
                        new StoredField("chunk", JsonSerializer.Serialize(chunk, RagJsonContext.Default.DocumentChunk)),
                    });
                }

                writer.Commit();
            }

            using var index = new LuceneBm25Index(new LuceneBm25Options { Path = path });
            index.Upsert([Chunks.Make("new-c", "a tariff schedule")]);
            index.Commit();

            var hits = index.SearchHits("tariff imports", 10);

            Assert.Equal(index.Search("tariff imports", 10).Select(c => (c.Chunk.Id, c.Chunk.DocumentId)), hits.Select(h => (h.ChunkId, h.DocumentId)));
            Assert.Equal(3, hits.Count);
            Assert.Equal(["new-c", "old-a", "old-b"], hits.Select(h => h.DocumentId).Order(StringComparer.Ordinal));
        }
        finally
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task Hybrid_fusion_on_ids_returns_what_fusing_the_loaded_lists_returns_with_keyword_only_chunks_loaded_from_lucene()
    {
        using var index = BuildSegmented();
        using var embedder = new HashingEmbedder();
        var ct = TestContext.Current.CancellationToken;

        // The vector index holds only the even documents, so some fused results exist only on the keyword side.
        var vectors = new EmbeddedVectorIndex();
        var evenChunks = index.GetChunks(Enumerable.Range(0, 60).Where(d => d % 2 == 0).SelectMany(d => new[] { $"d{d}#0", $"d{d}#1" })).Values.ToArray();
        var embeddings = await embedder.GenerateAsync(evenChunks.Select(c => c.Text), cancellationToken: ct);
        await vectors.UpsertAsync([.. evenChunks.Select((c, i) => new VectorRecord(c, embeddings[i].Vector))], ct);
        var fusion = new FusionOptions { CandidateDepth = 20 };
        var retriever = new HybridRetriever(index, vectors, embedder, new HybridRetrieverOptions { Fusion = fusion });
        const string Query = "tariff duties on imports and the bank";

        var results = await retriever.RetrieveAsync(Query, new RetrievalOptions { TopK = 8 }, ct);

        var queryVector = (await embedder.GenerateAsync([Query], cancellationToken: ct))[0].Vector;
        var dense = await vectors.SearchAsync(queryVector, 20, cancellationToken: ct);
        var keyword = index.Search(Query, 20);
        var expected = ScoreFusion.Weighted(ScoreFusion.BestChunkPerDocument([(dense, fusion.DenseWeight), (keyword, fusion.KeywordWeight)]), 8, ScoreNormalization.ZScore, byDocument: true);
        Assert.Equal(8, results.Count);
        Assert.Equal(expected.Select(e => (e.Chunk, e.Score)), results.Select(r => (r.Chunk, r.Score)), (a, b) => a.Chunk.Id == b.Chunk.Id && a.Chunk.Text == b.Chunk.Text && Math.Abs(a.Score - b.Score) < 1e-12);
        Assert.Contains(results, r => !evenChunks.Any(c => c.Id == r.Chunk.Id));
    }
}
