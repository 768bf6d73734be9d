using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Qdrant;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests.Qdrant;

/// <summary><see cref="RagIndex"/> with its vectors in Qdrant (the wire-level peer over real gRPC) instead of the embedded index.</summary>
public sealed class QdrantRagIndexTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-qdrant-rag-").FullName;
    private QdrantWireServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private static SourceDocument Doc(string id, string text, string year = "1961") =>
        new(id, text, id, new Dictionary<string, string> { ["source"] = id, ["year"] = year });

    private async Task<(RagIndex Index, QdrantVectorIndex Vectors)> OpenAsync(HashingEmbedder embedder, bool freshServer = false, RetrievalMode mode = RetrievalMode.Hybrid)
    {
        if (_server is null || freshServer)
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _server = await QdrantWireServer.StartAsync();
        }

        var vectors = await QdrantVectorIndex.OpenAsync(new QdrantVectorIndexOptions { Endpoint = _server.Address.ToString(), Collection = "docs" }, HashingEmbedder.Dimensions, Ct);
        var index = await RagIndex.OpenAsync(new RagIndexOptions { Directory = _dir, ChunkSize = 200, Retrieval = new HybridRetrieverOptions { Mode = mode } }, embedder, vectors, Ct);
        return (index, vectors);
    }

    [Fact]
    public async Task Ingests_into_qdrant_retrieves_hybrid_with_filters_and_replaces_changed_documents()
    {
        var embedder = new HashingEmbedder();
        var (index, vectors) = await OpenAsync(embedder);
        using (vectors)
        using (index)
        {
            var docs = Enumerable.Range(0, 30).Select(i => Doc($"d{i}.txt", $"Tariff policy and trade number {i}.", i < 28 ? "1900" : "2000")).ToList();
            Assert.Equal(new IngestResult(30, 0, 0, 30), await index.IngestAsync(docs, cancellationToken: Ct));
            Assert.Equal(30, await vectors.CountAsync(Ct));
            Assert.False(File.Exists(Path.Combine(_dir, "vectors.bin"))); // Qdrant holds the vectors, not the folder

            var filtered = await index.Retriever.RetrieveAsync("tariff trade", new RetrievalOptions { TopK = 5, Filter = new MetadataFilter().Equal("year", "2000") }, Ct);
            Assert.Equal(["d28.txt", "d29.txt"], filtered.Select(r => r.Chunk.DocumentId).Order(StringComparer.Ordinal));
            Assert.All(filtered, r => Assert.Equal("2000", r.Chunk.Metadata["year"]));

        }

        // Reopen: unchanged documents are skipped, a changed one has its vectors replaced in Qdrant.
        (index, vectors) = await OpenAsync(embedder, mode: RetrievalMode.Dense);
        using (vectors)
        using (index)
        {
            var docs = Enumerable.Range(0, 30).Select(i => Doc($"d{i}.txt", i == 3 ? "Moon landing budget." : $"Tariff policy and trade number {i}.", i < 28 ? "1900" : "2000")).ToList();
            Assert.Equal(new IngestResult(0, 1, 29, 1), await index.IngestAsync(docs, cancellationToken: Ct));
            Assert.Equal(30, await vectors.CountAsync(Ct));
            var moon = await index.Retriever.RetrieveAsync("Moon landing budget.", new RetrievalOptions { TopK = 1 }, Ct);
            Assert.Equal("Moon landing budget.", Assert.Single(moon).Chunk.Text);
        }
    }

    [Fact]
    public async Task A_wiped_collection_is_refilled_on_the_next_ingest_instead_of_skipped_as_unchanged()
    {
        var embedder = new HashingEmbedder();
        // Long enough for several 200-character chunks; its later chunks mention glaciers.
        var longFarm = Doc("farm.txt", string.Join(' ', Enumerable.Repeat("Farm prices fell sharply this year across the plains.", 4)) + " " + string.Join(' ', Enumerable.Repeat("Glaciers retreated in the north.", 6)));
        var (index, vectors) = await OpenAsync(embedder);
        using (vectors)
        using (index)
        {
            var first = await index.IngestAsync([longFarm, Doc("moon.txt", "We choose to go to the moon.")], cancellationToken: Ct);
            Assert.True(first.Chunks >= 3, $"expected several chunks, got {first.Chunks}");
        }

        // Same index folder (BM25 and manifest), a new empty Qdrant, and the farm document now one short chunk.
        (index, vectors) = await OpenAsync(embedder, freshServer: true, mode: RetrievalMode.Keyword);
        using (vectors)
        using (index)
        {
            Assert.Equal(0, index.DocumentCount);
            var again = await index.IngestAsync([Doc("farm.txt", "Farm prices fell sharply this year."), Doc("moon.txt", "We choose to go to the moon.")], cancellationToken: Ct);
            Assert.Equal(new IngestResult(2, 0, 0, 2), again);
            Assert.Equal(2, await vectors.CountAsync(Ct));
            // The old document's later BM25 chunks went with it: none is left to match.
            Assert.Empty(await index.Retriever.RetrieveAsync("glaciers retreated", new RetrievalOptions { TopK = 10 }, Ct));
        }
    }

    [Fact]
    public async Task Opening_a_collection_made_for_another_dimension_fails_with_a_specific_error()
    {
        _server = await QdrantWireServer.StartAsync();
        var options = new QdrantVectorIndexOptions { Endpoint = _server.Address.ToString(), Collection = "made-for-768" };
        using (await QdrantVectorIndex.OpenAsync(options, 768, Ct))
        {
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => QdrantVectorIndex.OpenAsync(options, 384, Ct));
        Assert.Contains("holds 768-dimensional Cosine vectors; this embedder makes 384-dimensional", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_and_bad_settings_fail_with_specific_errors()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var down = await Assert.ThrowsAsync<InvalidOperationException>(() => QdrantVectorIndex.OpenAsync(new QdrantVectorIndexOptions { Endpoint = $"http://127.0.0.1:{port}" }, 384, Ct));
        Assert.Contains($"Qdrant at http://127.0.0.1:{port}/ did not answer", down.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => QdrantVectorIndex.OpenAsync(new QdrantVectorIndexOptions(), 384, Ct));
        Assert.Contains("Orchestrator:Rag:Qdrant:Endpoint is not set", missing.Message, StringComparison.Ordinal);
        var relative = await Assert.ThrowsAsync<ArgumentException>(() => QdrantVectorIndex.OpenAsync(new QdrantVectorIndexOptions { Endpoint = "localhost:6334" }, 384, Ct));
        Assert.Contains("is not an absolute http(s) URI", relative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sentence_vectors_can_live_in_a_second_collection_and_an_empty_one_refills_the_index()
    {
        _server = await QdrantWireServer.StartAsync();
        var embedder = new HashingEmbedder();
        var sentenceOnly = new RagIndexOptions
        {
            Directory = _dir,
            ChunkSize = 200,
            Retrieval = new HybridRetrieverOptions { Fusion = new FusionOptions { DenseWeight = 0, KeywordWeight = 0, SentenceWeight = 1 } },
        };
        var qdrant = new QdrantVectorIndexOptions { Endpoint = _server.Address.ToString(), Collection = "docs" };
        var farm = Doc("farm.txt", "Farm prices fell. The moon is far away. Taxes rose.");
        var ships = Doc("ships.txt", "Ships sail west. Gold is rare.");

        async Task<(RagIndex Index, QdrantVectorIndex Vectors, QdrantVectorIndex Sentences)> OpenAsync(string sentenceCollection)
        {
            var vectors = await QdrantVectorIndex.OpenAsync(qdrant, HashingEmbedder.Dimensions, Ct);
            var sentences = await QdrantVectorIndex.OpenAsync(new QdrantVectorIndexOptions { Endpoint = qdrant.Endpoint, Collection = sentenceCollection }, HashingEmbedder.Dimensions, Ct);
            return (await RagIndex.OpenAsync(sentenceOnly, embedder, vectors, sentences, Ct), vectors, sentences);
        }

        var (index, vectors, sentences) = await OpenAsync(qdrant.SentenceCollectionName);
        using (vectors)
        using (sentences)
        using (index)
        {
            Assert.Equal(new IngestResult(2, 0, 0, 2), await index.IngestAsync([farm, ships], cancellationToken: Ct));
            Assert.Equal(5, _server.State.Get("docs-sentences").Points.Count);
            Assert.False(File.Exists(Path.Combine(_dir, "sentences.bin")));
            var hits = await index.Retriever.RetrieveAsync("the moon is far away", new RetrievalOptions { TopK = 1 }, Ct);
            Assert.Equal("farm.txt#0", Assert.Single(hits).Chunk.Id);
        }

        // A new, empty sentence collection beside the full passage collection: nothing is skipped as unchanged, the
        // passages are replaced rather than duplicated, and the sentences are there again.
        (index, vectors, sentences) = await OpenAsync("sentences-2");
        using (vectors)
        using (sentences)
        using (index)
        {
            Assert.Equal(0, index.DocumentCount);
            Assert.Equal(new IngestResult(2, 0, 0, 2), await index.IngestAsync([farm, ships], cancellationToken: Ct));
            Assert.Equal(2, await vectors.CountAsync(Ct));
            Assert.Equal(5, await sentences.CountAsync(Ct));
            var hits = await index.Retriever.RetrieveAsync("gold is rare", new RetrievalOptions { TopK = 1 }, Ct);
            Assert.Equal("ships.txt#0", Assert.Single(hits).Chunk.Id);
        }
    }
}
