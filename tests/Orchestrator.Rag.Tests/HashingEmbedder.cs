using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Orchestrator.Rag.Tests;

/// <summary>A deterministic bag-of-words embedder (hashed lower-case words), fast enough for ingestion tests.</summary>
internal sealed class HashingEmbedder(string modelId = "hashing") : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 128;

    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            Calls++;
            var vector = new float[Dimensions];
            foreach (var word in value.ToUpperInvariant().Split([' ', '.', ',', '?', '!', '\n', ';', ':'], StringSplitOptions.RemoveEmptyEntries))
            {
                vector[(int)((uint)StableHash(word) % Dimensions)] += 1;
            }

            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            result.Add(new Embedding<float>(vector));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("hashing", null, modelId, Dimensions) : null;

    public void Dispose()
    {
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s)
            {
                h = (h * 31) + c;
            }

            return h;
        }
    }
}
