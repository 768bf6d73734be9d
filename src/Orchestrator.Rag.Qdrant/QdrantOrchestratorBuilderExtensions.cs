using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.DependencyInjection;
using Orchestrator.Rag.Qdrant;
using Orchestrator.Retrieval;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Keeps the vectors of Orchestrator's RAG index in Qdrant.</summary>
public static class QdrantOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="VectorIndexFactory"/> that opens a <see cref="QdrantVectorIndex"/> with the options bound
    /// from <c>Orchestrator:Rag:Qdrant</c> (endpoint, collection, sentence collection, API key), so the index of
    /// <c>AddRag</c> keeps its passage vectors and its sentence vectors there (two collections). The endpoint is
    /// checked when the index first opens.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root holding <c>Orchestrator:Rag:Qdrant</c>, or null.</param>
    /// <param name="configure">Adjusts the options in code after binding, or null.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddQdrantVectorIndex(this OrchestratorBuilder builder, IConfiguration? configuration = null, Action<QdrantVectorIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new QdrantVectorIndexOptions();
        configuration?.GetSection(QdrantVectorIndexOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        builder.Services.TryAddSingleton(QdrantVectorIndex.Factory(options));
        return builder;
    }
}
