using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Keyword;
using Orchestrator.Rag.Retrieval;
using Orchestrator.Rag.Vectors;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// The concurrent parts of a query, on real indexes and real MiniLM vectors (two State of the Union addresses): the vector
/// search's first pass split over several parts returns what one part returns, and a hybrid query with BM25 during the
/// query embedding and the sentence list during the dense search returns what the same query run stage after stage
/// returns, honours cancellation and lets a failure of any branch surface.
/// </summary>
public sealed class ConcurrentSearchTests(SotuSentenceVectors sotu) : IClassFixture<SotuSentenceVectors>
{
    private const int SentencesPerChunk = 5;

    private static readonly string[] Questions =
    [
        "How will the government help the unemployed?",
        "war in Vietnam",
        "tax cut for families",
        "banks and the currency",
        "What did the president say about NOT raising taxes?",
        "poverty in America",
    ];

    [Fact]
    public async Task A_first_pass_split_into_parts_returns_exactly_what_one_part_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        var index = await SotuSentenceVectors.IndexAsync(sotu.Records);
        index.MinimumRowsPerPart = 16;
        var filter = new MetadataFilter().Equal("file", sotu.Records[^1].Chunk.Metadata["file"]);
        var queries = sotu.Questions.Concat(sotu.Records.Where((_, i) => i % 40 == 0).Select(r => r.Vector.ToArray()));

        foreach (var query in queries)
        {
            foreach (var (topK, f) in new (int, MetadataFilter?)[] { (1, null), (10, null), (100, null), (sotu.Records.Count - 1, null), (10, filter), (100, filter) })
            {
                var onePart = Summary(await index.SearchAsync(query, topK, f, maxParts: 1, ct));
                foreach (var parts in new[] { 2, 3, 7 })
                {
                    Assert.Equal(onePart, Summary(await index.SearchAsync(query, topK, f, parts, ct)));
                }
            }
        }
    }

    [Fact]
    public async Task A_split_first_pass_honours_a_cancelled_token()
    {
        var index = await SotuSentenceVectors.IndexAsync(sotu.Records);
        index.MinimumRowsPerPart = 16;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.SearchAsync(sotu.Questions[0], 10, null, maxParts: 4, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task A_concurrent_hybrid_query_returns_exactly_what_the_stage_after_stage_query_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        var (keyword, vectors, sentences) = await BuildAsync(model, ct);
        using (keyword)
        {
            var fusion = new FusionOptions { SentenceCandidateDepth = 60 };
            var concurrent = new HybridRetriever(keyword, vectors, sentences, model, new HybridRetrieverOptions { Fusion = fusion });
            var sequential = new HybridRetriever(keyword, vectors, sentences, model, new HybridRetrieverOptions { Fusion = fusion }) { KeywordDuringEmbedding = false, SentencesDuringDenseSearch = false };
            var filter = new MetadataFilter().Equal("file", sotu.Records[0].Chunk.Metadata["file"]);

            foreach (var question in Questions)
            {
                foreach (var options in new[]
                {
                    new RetrievalOptions { TopK = 10 },
                    new RetrievalOptions { TopK = 3, Filter = filter },
                    new RetrievalOptions { TopK = 10, Fusion = FusionOptions.TwoSignal },
                    new RetrievalOptions { TopK = 5, Fusion = new FusionOptions { SentenceCandidateDepth = 60, ProximityWeight = 0.2, ExactScores = true } },
                })
                {
                    var expected = Summary(await sequential.RetrieveAsync(question, options, ct));
                    Assert.NotEmpty(expected);
                    Assert.Equal(expected, Summary(await concurrent.RetrieveAsync(question, options, ct)));
                }
            }
        }
    }

    [Fact]
    public async Task A_hybrid_query_honours_a_token_cancelled_before_or_during_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        var (keyword, vectors, sentences) = await BuildAsync(model, ct);
        using (keyword)
        {
            var retriever = new HybridRetriever(keyword, vectors, sentences, model, new HybridRetrieverOptions());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retriever.RetrieveAsync(Questions[0], null, new CancellationToken(canceled: true)));

            // Cancelled once the query is embedded: BM25 is already running, the vector searches have not started.
            using var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var cancelling = new CancelAfterEmbedding(model, source);
            var during = new HybridRetriever(keyword, vectors, sentences, cancelling, new HybridRetrieverOptions());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => during.RetrieveAsync(Questions[0], null, source.Token));

            // The indexes are unharmed: the next query answers.
            Assert.NotEmpty(await retriever.RetrieveAsync(Questions[0], null, ct));
        }
    }

    [Fact]
    public async Task A_failure_in_the_keyword_the_dense_or_the_sentence_branch_surfaces_from_the_query()
    {
        var ct = TestContext.Current.CancellationToken;
        using var model = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });
        var (keyword, vectors, sentences) = await BuildAsync(model, ct);
        using (keyword)
        {
            // A vector index of another dimension rejects the query vector, naming both dimensions.
            var otherDimension = new EmbeddedVectorIndex();
            await otherDimension.UpsertAsync([new VectorRecord(Chunks.Make("x", 0, "x") with { Id = SentenceVectors.MakeId("x#0", 0) }, new float[] { 1, 0, 0 })], ct);

            var sentenceFails = new HybridRetriever(keyword, vectors, otherDimension, model, new HybridRetrieverOptions());
            var sentenceError = await Assert.ThrowsAsync<ArgumentException>(() => sentenceFails.RetrieveAsync(Questions[1], null, ct));
            Assert.Contains("3-dimensional", sentenceError.Message, StringComparison.Ordinal);

            var denseFails = new HybridRetriever(keyword, otherDimension, sentences, model, new HybridRetrieverOptions());
            var denseError = await Assert.ThrowsAsync<ArgumentException>(() => denseFails.RetrieveAsync(Questions[1], null, ct));
            Assert.Contains("3-dimensional", denseError.Message, StringComparison.Ordinal);
        }

        // A closed BM25 index fails the keyword branch with the error a direct search gives.
        var direct = Record.Exception(() => keyword.SearchHits(Questions[1], 10));
        Assert.NotNull(direct);
        var keywordFails = new HybridRetriever(keyword, vectors, sentences, model, new HybridRetrieverOptions());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => keywordFails.RetrieveAsync(Questions[1], null, ct));
        Assert.Equal(direct.GetType(), error.GetType());
    }

    private static (string Id, double Score)[] Summary(IReadOnlyList<ScoredChunk> results) => [.. results.Select(r => (r.Chunk.Id, r.Score))];

    // Chunks of five consecutive sentences (two chunks per document) embedded whole, and the fixture's sentence vectors
    // as each chunk's sentence records; the sentence index splits its first pass.
    private async Task<(LuceneBm25Index Keyword, EmbeddedVectorIndex Vectors, EmbeddedVectorIndex Sentences)> BuildAsync(MiniLmEmbeddingGenerator model, CancellationToken ct)
    {
        var chunks = new List<DocumentChunk>();
        var sentenceRecords = new List<VectorRecord>();
        foreach (var file in sotu.Records.GroupBy(r => r.Chunk.Metadata["file"]))
        {
            var groups = file.Chunk(SentencesPerChunk).ToArray();
            for (var c = 0; c < groups.Length; c++)
            {
                var documentId = $"{file.Key}-{c / 2}";
                var chunk = Chunks.Make(documentId, c % 2, string.Join(' ', groups[c].Select(r => r.Chunk.Text)), ("file", file.Key));
                chunks.Add(chunk);
                sentenceRecords.AddRange(groups[c].Select((r, j) => new VectorRecord(chunk with { Id = SentenceVectors.MakeId(chunk.Id, j), Index = j, Text = r.Chunk.Text }, r.Vector)));
            }
        }

        var keyword = new LuceneBm25Index(new LuceneBm25Options());
        keyword.Upsert(chunks);
        keyword.Commit();
        var embeddings = await model.GenerateAsync([.. chunks.Select(c => c.Text)], cancellationToken: ct);
        var vectors = await SotuSentenceVectors.IndexAsync(chunks.Select((c, i) => new VectorRecord(c, embeddings[i].Vector)));
        var sentences = await SotuSentenceVectors.IndexAsync(sentenceRecords);
        sentences.MinimumRowsPerPart = 16;
        return (keyword, vectors, sentences);
    }

    // The real model, and the caller's token cancelled as soon as the query vector exists. Disposing it leaves the model to the test.
    private sealed class CancelAfterEmbedding(MiniLmEmbeddingGenerator model, CancellationTokenSource source)
        : Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>
    {
        public async Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = await model.GenerateAsync(values, options, cancellationToken);
            await source.CancelAsync();
            return result;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => model.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
