using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Rag.Tests;

public sealed class EmbeddingModelsFixture : IDisposable
{
    public MiniLmEmbeddingGenerator MiniLm { get; } = new(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2 });

    public MiniLmEmbeddingGenerator Arctic { get; } = new(new MiniLmEmbeddingOptions { Model = MiniLmModel.ArcticEmbedXs });

    public MiniLmEmbeddingGenerator Both { get; } = new();

    public void Dispose()
    {
        MiniLm.Dispose();
        Arctic.Dispose();
        Both.Dispose();
    }
}
