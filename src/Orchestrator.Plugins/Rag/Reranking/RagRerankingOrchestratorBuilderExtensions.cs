using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.DependencyInjection;
using Orchestrator.Rag.Reranking;
using Orchestrator.Retrieval;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds RAG reranking by tier to Orchestrator.</summary>
public static class RagRerankingOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers the unkeyed <see cref="IReranker"/> of the tier in <c>Orchestrator:Rag:Rerank:Tier</c> (see
    /// <see cref="RerankerTiers.Create"/>) and the keyed LLM reranker (<see cref="RerankerKeys.Llm"/>) over the unkeyed
    /// <see cref="IChatClient"/>. The cross-encoder comes from <c>AddCrossEncoderReranker</c> (Orchestrator.Embeddings.MiniLM).
    /// Options are validated at start, including that the tier's parts are registered.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root holding <c>Orchestrator:Rag:Rerank</c>, or null.</param>
    /// <param name="configure">Adjusts the options in code after binding, or null.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddRagReranking(this OrchestratorBuilder builder, IConfiguration? configuration = null, Action<RerankOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<RerankOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(RerankOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RerankOptions>, RerankOptionsValidator>());
        services.TryAddKeyedSingleton<IReranker>(RerankerKeys.Llm, (sp, _) => new LlmReranker(sp.GetRequiredService<IChatClient>()));
        services.TryAddSingleton(sp =>
        {
            var value = sp.GetRequiredService<IOptions<RerankOptions>>().Value;
            var llm = value.Tier == RerankTier.Accurate ? sp.GetRequiredKeyedService<IReranker>(RerankerKeys.Llm) : null;
            return RerankerTiers.Create(value, sp.GetKeyedService<IReranker>(RerankerKeys.CrossEncoder), llm);
        });
        return builder;
    }
}
