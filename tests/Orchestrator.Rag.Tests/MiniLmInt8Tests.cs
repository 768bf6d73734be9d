using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Rag.Evaluation;
using Orchestrator.Testing;

namespace Orchestrator.Rag.Tests;

public sealed class MiniLmInt8Tests : IClassFixture<MiniLmInt8Fixture>
{
    // Measured on the first 64 SciFact documents: mean 0.9948, min 0.9923 (see docs/benchmarks.md). The bounds leave
    // room for other CPUs' kernels but fail on a broken quantizer (a transposed or mis-scaled weight gives < 0.9).
    private const float MeanCosineBound = 0.99f;
    private const float MinCosineBound = 0.98f;

    private readonly MiniLmInt8Fixture _fixture;

    public MiniLmInt8Tests(MiniLmInt8Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Int8_embeddings_of_real_scifact_text_stay_close_to_fp32()
    {
        var path = SharedAssets.TryGet("eval/scifact");
        if (path is null)
        {
            Assert.Skip(SharedAssets.SkipReason("eval/scifact"));
        }

        var dataset = BeirLoader.Load(path);
        string[] texts = [.. dataset.Documents.Take(16).Select(EvalIndex.EmbeddingText), .. dataset.Queries.Take(16).Select(q => q.Text)];
        var cancel = TestContext.Current.CancellationToken;

        var reference = await _fixture.Reference.GenerateAsync(texts, cancellationToken: cancel);
        var quantized = await _fixture.Quantized.GenerateAsync(texts, cancellationToken: cancel);

        var cosines = reference.Zip(quantized, (f, q) => TensorPrimitives.CosineSimilarity(f.Vector.Span, q.Vector.Span)).ToArray();
        Assert.True(cosines.Average() >= MeanCosineBound && cosines.Min() >= MinCosineBound, $"int8 vs fp32 cosine: mean {cosines.Average():F4}, min {cosines.Min():F4}");
        Assert.All(quantized, e => Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 3));
    }

    [Fact]
    public async Task Int8_model_ranks_a_paraphrase_above_an_unrelated_sentence_and_is_deterministic()
    {
        string[] texts = ["The president proposed lower taxes.", "Tax cuts were proposed by the president.", "Penguins live in Antarctica."];
        var cancel = TestContext.Current.CancellationToken;

        var first = await _fixture.Quantized.GenerateAsync(texts, cancellationToken: cancel);
        var second = await _fixture.Quantized.GenerateAsync(texts, cancellationToken: cancel);

        Assert.True(TensorPrimitives.Dot(first[0].Vector.Span, first[1].Vector.Span) > TensorPrimitives.Dot(first[0].Vector.Span, first[2].Vector.Span) + 0.3f);
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.Equal(first[i].Vector.ToArray(), second[i].Vector.ToArray()));
    }

    [Fact]
    public async Task Batch_mates_do_not_change_an_embedding_at_either_precision()
    {
        // int8 quantizes activations with one scale per model call, so it must run each input alone: batched with this
        // long passage the short sentence's int8 embedding moved to cosine 0.990 of its embedding alone.
        const string Short = "Short text.";
        var long_ = string.Join(' ', Enumerable.Repeat("a much longer passage that forces padding", 20));
        var cancel = TestContext.Current.CancellationToken;
        foreach (var generator in new[] { _fixture.Reference, _fixture.Quantized })
        {
            var alone = await generator.GenerateAsync([Short], cancellationToken: cancel);
            var batched = await generator.GenerateAsync([long_, Short, "middle length sentence here"], cancellationToken: cancel);

            Assert.Equal(1.0, TensorPrimitives.Dot(alone[0].Vector.Span, batched[1].Vector.Span), 4);
        }
    }

    [Fact]
    public void Each_precision_has_its_own_cache_key_and_model_id()
    {
        Assert.Equal("all-MiniLM-L6-v2-bert-256", _fixture.Reference.CacheKey);
        Assert.Equal("all-MiniLM-L6-v2-int8-bert-256", _fixture.Quantized.CacheKey);

        // The model id is what a RAG index records: an index built at one precision refuses the other.
        Assert.Equal("all-MiniLM-L6-v2", _fixture.Reference.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Equal("all-MiniLM-L6-v2-int8", _fixture.Quantized.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
