using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Rag.Tests;

/// <summary>The package's model twice: as it ships (fp32) and quantized to int8 at load time.</summary>
public sealed class MiniLmInt8Fixture : IDisposable
{
    public MiniLmEmbeddingGenerator Reference { get; } = new(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, Precision = MiniLmPrecision.Float32, BatchSize = 8 });

    public MiniLmEmbeddingGenerator Quantized { get; } = new(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, Precision = MiniLmPrecision.Int8, BatchSize = 8 });

    public void Dispose()
    {
        Reference.Dispose();
        Quantized.Dispose();
    }
}
