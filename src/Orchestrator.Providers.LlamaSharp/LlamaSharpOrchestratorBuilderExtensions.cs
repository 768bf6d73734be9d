using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.DependencyInjection;
using Orchestrator.Providers;
using Orchestrator.Providers.LlamaSharp;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds local GGUF models, run in-process by LLamaSharp, to Orchestrator.</summary>
public static class LlamaSharpOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers the <c>llamasharp</c> provider protocol, so providers of type <c>llamasharp</c> in
    /// <c>Orchestrator:Providers</c> can be created. Each such provider needs <c>Settings:ModelPath</c> and a catalog
    /// entry per model with explicit 0 prices, <c>Local</c> true and tier 0.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddLlamaSharpProvider(this OrchestratorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory, LlamaSharpChatProviderFactory>());
        return builder;
    }

    /// <summary>
    /// Serves a GGUF file as provider <paramref name="name"/>, model <paramref name="modelId"/>: configures the provider
    /// (replacing any provider of that name), adds its catalog entry (tier 0, local, priced 0, no tools) and registers the
    /// keyed <see cref="IChatClient"/> and <see cref="IChatCompletionService"/> under <c>name/modelId</c>.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="name">The provider name, used in service ids and logs (e.g. <c>local</c>).</param>
    /// <param name="modelId">The model id callers ask for (e.g. <c>stories260K</c>).</param>
    /// <param name="modelPath">The GGUF file; a relative path is resolved against the current directory.</param>
    /// <param name="contextSize">The context window of each request, in tokens.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddLlamaSharpModel(this OrchestratorBuilder builder, string name, string modelId, string modelPath, int contextSize = 2048)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextSize);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Provider name '{name}' may not contain '/'; service ids have the form provider/model.", nameof(name));
        }

        builder.AddLlamaSharpProvider();
        void Apply(OrchestratorOptions options) => Configure(options, name, modelId, modelPath, contextSize);
        builder.Services.Configure<OrchestratorOptions>(Apply);

        // AddOrchestrator registered keyed services from its snapshot of the options; this model was not in it.
        var serviceId = $"{name}/{modelId}";
        if (!builder.Services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IChatClient) && Equals(d.ServiceKey, serviceId)))
        {
            builder.Services.AddKeyedSingleton<IChatClient>(serviceId, (sp, _) => sp.GetRequiredService<ProviderRegistry>().GetChatClient(serviceId));
            builder.Services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, _) => sp.GetRequiredKeyedService<IChatClient>(serviceId).AsChatCompletionService(sp));
        }

        // Without another enabled provider, AddOrchestrator registered no default client; the default is then this model.
        builder.Services.TryAddSingleton(sp => DefaultClient(sp.GetRequiredService<ProviderRegistry>()));
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IChatClient>().AsChatCompletionService(sp));
        Apply(builder.Snapshot);
        return builder;
    }

    private static void Configure(OrchestratorOptions options, string name, string modelId, string modelPath, int contextSize)
    {
        options.Providers[name] = new ProviderOptions
        {
            Type = LlamaSharpChatProviderFactory.ProtocolName,
            Local = true,
            Models = [modelId],
            Settings = new(StringComparer.OrdinalIgnoreCase)
            {
                [LlamaSharpSettings.ModelPathKey] = modelPath,
                [LlamaSharpSettings.ContextSizeKey] = contextSize.ToString(CultureInfo.InvariantCulture),
            },
        };

        options.Models.RemoveAll(m => string.Equals(m.Provider, name, StringComparison.OrdinalIgnoreCase) && string.Equals(m.Id, modelId, StringComparison.OrdinalIgnoreCase));
        options.Models.Add(new ModelDescriptor
        {
            Provider = name,
            Id = modelId,
            Tier = 0,
            Local = true,
            InputPricePerMillion = 0m,
            OutputPricePerMillion = 0m,
            CachedInputPricePerMillion = 0m,
            ContextWindow = contextSize,
            MaxOutputTokens = contextSize,
            SupportsTools = false,
            SupportsJsonMode = false,
            SupportsVision = false,
        });
    }

    private static IChatClient DefaultClient(ProviderRegistry registry)
    {
        var pair = registry.DefaultModel
            ?? throw new OrchestratorException("No enabled provider can serve as the default model" + (registry.PrivacyMode ? " in privacy mode." : "."));
        return registry.GetChatClient(pair.Provider.Name, pair.Model.Id);
    }
}
