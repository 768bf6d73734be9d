using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Retrieval;

namespace Orchestrator.Rag.Tests;

/// <summary>
/// A deterministic bag-of-words embedder (hashed lower-case words), fast enough for ingestion tests. Given a query
/// instruction it behaves like an asymmetric model: inputs marked as queries (<see cref="EmbeddingInputType"/>) are
/// recorded and embedded after the instruction.
/// </summary>
internal sealed class HashingEmbedder(string modelId = "hashing", string? queryInstruction = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 128;

    public int Calls { get; private set; }

    public List<string> Inputs { get; } = [];

    public List<string> Queries { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        var queries = queryInstruction is not null && EmbeddingInputType.IsQuery(options);
        foreach (var input in values)
        {
            Calls++;
            if (queries)
            {
                Queries.Add(input);
            }

            var value = queries ? queryInstruction + " " + input : input;
            Inputs.Add(value);
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
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("hashing", null, modelId, Dimensions)
        : null;

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
