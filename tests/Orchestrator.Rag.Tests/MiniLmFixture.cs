using Orchestrator.Embeddings.MiniLM;

namespace Orchestrator.Rag.Tests;

public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new(new MiniLmEmbeddingOptions { Model = MiniLmModel.AllMiniLmL6V2, BatchSize = 4 });

    internal WordPieceEncoder Encoder { get; } = Generator_Encoder();

    public void Dispose() => Generator.Dispose();

    private static WordPieceEncoder Generator_Encoder()
    {
        using var vocab = MiniLmEncoderSession.OpenVocabulary(MiniLmModel.AllMiniLmL6V2);
        return new WordPieceEncoder(vocab, 256);
    }
}
