using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Orchestrator.DependencyInjection;
using Orchestrator.Rag.Ingestion;
using Orchestrator.Rag.Plugin;
using Orchestrator.Retrieval;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the RAG index and its kernel plugin to Orchestrator.</summary>
public static class RagOrchestratorBuilderExtensions
{
    /// <summary>The configuration section of the index options (<see cref="RagIndexOptions"/>).</summary>
    public const string SectionName = "Orchestrator:Rag";

    /// <summary>The configuration section of the plugin options (<see cref="RagPluginOptions"/>).</summary>
    public const string PluginSectionName = "Orchestrator:Rag:Plugin";

    /// <summary>
    /// Registers a <see cref="RagIndexProvider"/> over <see cref="RagIndexOptions"/> (bound from <c>Orchestrator:Rag</c>),
    /// the registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (e.g. <c>AddMiniLmEmbeddings()</c>) and the
    /// vector store of a registered <see cref="VectorIndexFactory"/> (e.g. <c>AddQdrantVectorIndex()</c>; else the embedded
    /// one), and <see cref="RagPlugin"/> as the kernel plugin <paramref name="pluginName"/>, so every <see cref="Kernel"/>
    /// built from the container offers <c>search</c>, <c>ask</c> (with the unkeyed <see cref="IChatClient"/> when there is
    /// one, the router; extractive otherwise) and <c>ingest</c> (confined to <c>Orchestrator:Rag:Plugin:IngestRoots</c>).
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root holding <c>Orchestrator:Rag</c>, or null.</param>
    /// <param name="configure">Adjusts the index options in code after binding, or null.</param>
    /// <param name="pluginName">The plugin name the functions appear under.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddRag(this OrchestratorBuilder builder, IConfiguration? configuration = null, Action<RagIndexOptions>? configure = null, string pluginName = "rag")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginName);
        var services = builder.Services;
        var index = services.AddOptions<RagIndexOptions>();
        var plugin = services.AddOptions<RagPluginOptions>();
        if (configuration is not null)
        {
            index.Bind(configuration.GetSection(SectionName));
            plugin.Bind(configuration.GetSection(PluginSectionName));
        }

        if (configure is not null)
        {
            index.Configure(configure);
        }

        services.TryAddSingleton(sp => new RagIndexProvider(
            sp.GetRequiredService<IOptions<RagIndexOptions>>().Value,
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
                ?? throw new InvalidOperationException("AddRag needs an IEmbeddingGenerator<string, Embedding<float>>: register one, e.g. AddMiniLmEmbeddings() (Orchestrator.Embeddings.MiniLM) for the offline default."),
            sp.GetService<VectorIndexFactory>()));
        services.TryAddSingleton(sp => new RagPlugin(
            sp.GetRequiredService<RagIndexProvider>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetService<IChatClient>(),
            sp.GetService<ILogger<RagPlugin>>(),
            sp.GetRequiredService<IOptions<RagPluginOptions>>().Value));
        services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<RagPlugin>(), pluginName));
        return builder;
    }
}
