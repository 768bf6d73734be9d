using Microsoft.Extensions.AI;
using Orchestrator.Embeddings.MiniLM;
using Orchestrator.Rag.Embeddings;

namespace Orchestrator.Samples.Rag;

/// <summary>Builds the offline embedder (by default all-MiniLM-L6-v2 and arctic-embed-xs together) behind an on-disk cache.</summary>
internal static class EmbedderFactory
{
    public static string DefaultCacheDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "orchestrator", "embeddings");

    public static IEmbeddingGenerator<string, Embedding<float>> Create(string? cacheDirectory = null, MiniLmEmbeddingOptions? options = null)
    {
        // The caching decorator owns the model: disposing it disposes the inner generator. The generator's cache key
        // names its precision and token limit, so int8 and fp32 embeddings never share a cache file.
#pragma warning disable CA2000
        var model = new MiniLmEmbeddingGenerator(options);
        return new DiskCachedEmbeddingGenerator(model, cacheDirectory ?? DefaultCacheDirectory, model.CacheKey);
#pragma warning restore CA2000
    }
}
