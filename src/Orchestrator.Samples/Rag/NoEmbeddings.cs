using Microsoft.Extensions.AI;

namespace Orchestrator.Samples.Rag;

/// <summary>Stands in for an embedder in keyword-only runs, where none must be loaded; any call is a bug.</summary>
internal sealed class NoEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Keyword-only retrieval asked for an embedding.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
