using Microsoft.Extensions.AI;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Embeddings;

namespace Orchestrator.Samples.Rag;

/// <summary>Builds the offline default embedder: MiniLM behind an on-disk cache.</summary>
internal static class EmbedderFactory
{
    public static string DefaultCacheDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "orchestrator", "embeddings");

    public static IEmbeddingGenerator<string, Embedding<float>> Create(string? cacheDirectory = null)
    {
        var options = new MiniLmEmbeddingOptions();
        var key = $"{MiniLmEmbeddingGenerator.ModelId}-bert-{options.MaxTokens}";

        // The caching decorator owns the model: disposing it disposes the inner generator.
#pragma warning disable CA2000
        return new DiskCachedEmbeddingGenerator(new MiniLmEmbeddingGenerator(options), cacheDirectory ?? DefaultCacheDirectory, key);
#pragma warning restore CA2000
    }
}
