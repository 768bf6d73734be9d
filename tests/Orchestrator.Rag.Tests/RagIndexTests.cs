using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class RagIndexTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-ragindex-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SourceDocument Doc(string id, string text, string year = "1961") =>
        new(id, text, id, new Dictionary<string, string> { ["source"] = id, ["year"] = year });

    private Task<RagIndex> OpenAsync(HashingEmbedder embedder) =>
        RagIndex.OpenAsync(new RagIndexOptions { Directory = _dir, ChunkSize = 200 }, embedder, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Reingesting_skips_unchanged_documents_and_replaces_the_chunks_of_changed_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var embedder = new HashingEmbedder();
        using (var index = await OpenAsync(embedder))
        {
            var first = await index.IngestAsync([Doc("farm.txt", "Farm prices fell sharply this year."), Doc("moon.txt", "We choose to go to the moon.")], cancellationToken: ct);
            Assert.Equal(new IngestResult(2, 0, 0, 2), first);
        }

        // Reopen from disk: state persisted.
        using var reopened = await OpenAsync(embedder);
        var callsBefore = embedder.Calls;
        var second = await reopened.IngestAsync([Doc("farm.txt", "Farm prices fell sharply this year."), Doc("moon.txt", "We choose to go to Mars instead.")], cancellationToken: ct);

        Assert.Equal(new IngestResult(0, 1, 1, 1), second);
        Assert.Equal(callsBefore + 2, embedder.Calls); // only the changed document was embedded: its chunk and its one sentence
        var moon = await reopened.Retriever.RetrieveAsync("moon Mars", new RetrievalOptions { TopK = 10 }, ct);
        var moonChunks = moon.Where(r => r.Chunk.DocumentId == "moon.txt").ToArray();
        Assert.Single(moonChunks);
        Assert.Contains("Mars", moonChunks[0].Chunk.Text, StringComparison.Ordinal);
        Assert.Empty(await reopened.Retriever.RetrieveAsync("choose moon", new RetrievalOptions { TopK = 10, Filter = new MetadataFilter().Equal("source", "nothing") }, ct));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    public async Task Keyword_options_set_on_the_index_reach_its_BM25_index_including_rm3_feedback(int feedbackDocuments, bool expectExpansion)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new RagIndexOptions
        {
            Directory = _dir,
            ChunkSize = 200,
            Bm25 = new() { FeedbackDocuments = feedbackDocuments, FeedbackTerms = 5, FeedbackOriginalWeight = 0.5f },
            Retrieval = new() { Mode = RetrievalMode.Keyword },
        };
        using var index = await RagIndex.OpenAsync(options, new HashingEmbedder(), ct);
        await index.IngestAsync(
            [
                Doc("a.txt", "Lunar rocket launch to the moon."),
                Doc("b.txt", "Rocket launch window for the moon mission."),
                Doc("c.txt", "Mission control and the orbital launch window."),
                Doc("d.txt", "Wheat and corn prices."),
            ],
            cancellationToken: ct);

        var results = await index.Retriever.RetrieveAsync("lunar rocket", new RetrievalOptions { TopK = 10 }, ct);

        // "lunar rocket" matches a and b only; RM3 feedback from them brings in "launch", "window", "mission": c matches.
        Assert.Equal(expectExpansion, results.Any(r => r.Chunk.DocumentId == "c.txt"));
        Assert.DoesNotContain(results, r => r.Chunk.DocumentId == "d.txt");
    }

    [Fact]
    public async Task Hybrid_retrieval_applies_the_filter_in_both_retrievers_and_returns_every_match_that_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        using var index = await OpenAsync(new HashingEmbedder());
        var docs = Enumerable.Range(0, 30).Select(i => Doc($"d{i}.txt", $"Tariff policy and trade number {i}.", i < 28 ? "1900" : "2000")).ToList();
        await index.IngestAsync(docs, cancellationToken: ct);

        var results = await index.Retriever.RetrieveAsync("tariff trade", new RetrievalOptions { TopK = 5, Filter = new MetadataFilter().Equal("year", "2000") }, ct);

        Assert.Equal(["d28.txt", "d29.txt"], results.Select(r => r.Chunk.DocumentId).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal("2000", r.Chunk.Metadata["year"]));
    }

    [Fact]
    public async Task Sentence_vectors_are_ingested_per_chunk_replaced_with_their_document_and_dropped_when_turned_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var embedder = new HashingEmbedder();
        RagIndexOptions Options(bool sentences) => new()
        {
            Directory = _dir,
            ChunkSize = 200,
            SentenceVectors = sentences,
            Retrieval = new() { Fusion = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 1 } },
        };
        var sentencePath = Path.Combine(_dir, "sentences.bin");
        async Task<long> StoredSentencesAsync() => await (await Vectors.EmbeddedVectorIndex.LoadAsync(sentencePath, ct)).CountAsync(ct);
        var farm = Doc("farm.txt", "Farm prices fell. The moon is far away. Taxes rose.");
        var ships = Doc("ships.txt", "Ships sail west. Gold is rare.");

        using (var index = await RagIndex.OpenAsync(Options(sentences: true), embedder, ct))
        {
            Assert.Equal(new IngestResult(2, 0, 0, 2), await index.IngestAsync([farm, ships], cancellationToken: ct));
            Assert.Equal(2 + 5, embedder.Calls); // two chunks and their five sentences
        }

        Assert.Equal(5, await StoredSentencesAsync());
        using (var reopened = await RagIndex.OpenAsync(Options(sentences: true), embedder, ct))
        {
            var hits = await reopened.Retriever.RetrieveAsync("the moon is far away", new RetrievalOptions { TopK = 1 }, ct);
            Assert.Equal("farm.txt#0", hits[0].Chunk.Id);
            Assert.Equal(farm.Text, hits[0].Chunk.Text);

            var changed = await reopened.IngestAsync([Doc("farm.txt", "Farm prices fell. Taxes rose."), ships], cancellationToken: ct);
            Assert.Equal(new IngestResult(0, 1, 1, 1), changed);
        }

        Assert.Equal(4, await StoredSentencesAsync());

        // Turning the option off changes what each document's index entry holds: the next ingestion re-indexes both.
        using (var off = await RagIndex.OpenAsync(Options(sentences: false), embedder, ct))
        {
            Assert.Equal(new IngestResult(0, 2, 0, 2), await off.IngestAsync([Doc("farm.txt", "Farm prices fell. Taxes rose."), ships], cancellationToken: ct));
        }

        Assert.Equal(0, await StoredSentencesAsync());
    }

    [Fact]
    public async Task Queries_go_through_the_embedders_query_form_and_reach_the_passage_its_instruction_points_to()
    {
        var ct = TestContext.Current.CancellationToken;
        var embedder = new HashingEmbedder(queryInstruction: "zeta");
        using var index = await RagIndex.OpenAsync(
            new RagIndexOptions { Directory = _dir, ChunkSize = 200, Retrieval = new HybridRetrieverOptions { Mode = RetrievalMode.Dense } }, embedder, ct);
        await index.IngestAsync([Doc("alpha.txt", "Alpha particles are helium nuclei."), Doc("zeta.txt", "The zeta function has trivial zeros.")], cancellationToken: ct);

        // The query is embedded once, marked as a query (the embedder puts its instruction before it), never as a passage.
        var hits = await index.Retriever.RetrieveAsync("function", new RetrievalOptions { TopK = 2 }, ct);

        Assert.Equal(["function"], embedder.Queries);
        Assert.DoesNotContain("function", embedder.Inputs);
        Assert.Contains("zeta function", embedder.Inputs);
        Assert.Equal("zeta.txt", hits[0].Chunk.DocumentId);
    }

    [Fact]
    public async Task An_index_refuses_an_embedder_other_than_the_one_that_built_it_and_stays_intact()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var index = await OpenAsync(new HashingEmbedder("hashing-v1")))
        {
            await index.IngestAsync([Doc("farm.txt", "Farm prices fell sharply this year.")], cancellationToken: ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(new HashingEmbedder("hashing-v2")));
        Assert.Contains("'hashing-v1' (hashing, 128 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hashing-v2' (hashing, 128 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains(_dir, error.Message, StringComparison.Ordinal);

        // Nothing was lost: the model that built it still opens and searches it.
        using var again = await OpenAsync(new HashingEmbedder("hashing-v1"));
        var hits = await again.Retriever.RetrieveAsync("farm prices", new RetrievalOptions { TopK = 1 }, ct);
        Assert.Equal("farm.txt", Assert.Single(hits).Chunk.DocumentId);
    }

    [Fact]
    public async Task An_index_without_a_recorded_embedder_opens_and_records_it_on_the_next_ingestion_and_a_corrupt_record_is_named()
    {
        var ct = TestContext.Current.CancellationToken;
        var record = Path.Combine(_dir, "embedder.json");
        using (var index = await OpenAsync(new HashingEmbedder("hashing-v1")))
        {
            await index.IngestAsync([Doc("farm.txt", "Farm prices fell sharply this year.")], cancellationToken: ct);
        }

        // An index built before the embedder was recorded.
        File.Delete(record);
        using (var legacy = await OpenAsync(new HashingEmbedder("hashing-v2")))
        {
            await legacy.IngestAsync([Doc("moon.txt", "We choose to go to the moon.")], cancellationToken: ct);
        }

        Assert.Contains("hashing-v2", await File.ReadAllTextAsync(record, ct), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(new HashingEmbedder("hashing-v1")));

        await File.WriteAllTextAsync(record, "{ not json", ct);
        var corrupt = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync(new HashingEmbedder("hashing-v2")));
        Assert.Contains(record, corrupt.Message, StringComparison.Ordinal);
    }
}
