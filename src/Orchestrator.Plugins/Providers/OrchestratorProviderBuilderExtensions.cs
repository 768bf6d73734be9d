using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.DependencyInjection;
using Orchestrator.Plugins.Providers.Anthropic;
using Orchestrator.Plugins.Providers.Ollama;
using Orchestrator.Plugins.Providers.OpenAI;
using Orchestrator.Providers;

#pragma warning disable IDE0130 // Registration extensions live beside AddOrchestrator, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the SDK-backed providers on the Orchestrator builder.</summary>
public static class OrchestratorProviderBuilderExtensions
{
    /// <summary>Adds every provider protocol this package ships: OpenAI and OpenAI-compatible, Anthropic, and Ollama.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddStandardProviders(this OrchestratorBuilder builder) =>
        builder.AddOpenAIProviders().AddAnthropicProvider().AddOllamaProvider();

    /// <summary>Adds the OpenAI protocol: types <c>openai</c>, <c>openai-compatible</c>, <c>fireworks</c>, <c>together</c>, <c>jan</c> and <c>ollama-openai</c>.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddOpenAIProviders(this OrchestratorBuilder builder) => Add<OpenAIChatProviderFactory>(builder);

    /// <summary>Adds the Anthropic messages protocol: type <c>anthropic</c>.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddAnthropicProvider(this OrchestratorBuilder builder) => Add<AnthropicChatProviderFactory>(builder);

    /// <summary>Adds Ollama's native protocol: type <c>ollama</c>.</summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddOllamaProvider(this OrchestratorBuilder builder) => Add<OllamaChatProviderFactory>(builder);

    private static OrchestratorBuilder Add<TFactory>(OrchestratorBuilder builder)
        where TFactory : class, IChatProviderFactory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory, TFactory>());
        return builder;
    }
}
