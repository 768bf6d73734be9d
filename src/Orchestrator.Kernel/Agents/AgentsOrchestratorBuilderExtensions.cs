using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Catalog;
using Orchestrator.DependencyInjection;
using Orchestrator.Judging;
using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds the agent runtime (agent groups on Microsoft Agent Framework) to Orchestrator.</summary>
public static class AgentsOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="AgentGroupFactory"/> over the unkeyed <see cref="IChatClient"/> (the router, so every agent turn
    /// is routed, budgeted and metered), the in-process <see cref="IAgentMessageBus"/> (its messages go to every registered
    /// <see cref="IAgentMessageSink"/>, such as the LLMOps log's <c>agent_messages</c>), a checkpoint store (a directory when
    /// <c>CheckpointDirectory</c> is set, else memory) and an <see cref="ILlmJudge"/> over the router unless one is registered.
    /// An <see cref="IWorkbenchCatalog"/> and an <see cref="IWorkflowRunSink"/> are used when registered. Options bind from
    /// <c>Orchestrator:Agents</c> and are validated at start.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="configuration">The configuration root holding <c>Orchestrator:Agents</c>, or null.</param>
    /// <param name="configure">Adjusts the options in code after binding, or null.</param>
    /// <returns>The same builder.</returns>
    public static OrchestratorBuilder AddAgents(this OrchestratorBuilder builder, IConfiguration? configuration = null, Action<AgentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AgentsOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(AgentsOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentsOptions>, AgentsOptionsValidator>());
        services.TryAddSingleton<IAgentMessageBus>(sp => new InProcessAgentMessageBus(sp.GetRequiredService<ILogger<InProcessAgentMessageBus>>()));
        services.TryAddSingleton<IAgentCheckpointStore>(sp =>
            sp.GetRequiredService<IOptions<AgentsOptions>>().Value.CheckpointDirectory is { } directory
                ? new FileAgentCheckpointStore(directory)
                : new InMemoryAgentCheckpointStore());
        services.TryAddSingleton<ILlmJudge>(sp => new LlmJudge(sp.GetRequiredService<IChatClient>()));
        services.TryAddSingleton(sp => new AgentGroupFactory(
            new AgentRuntime(
                sp.GetRequiredService<IChatClient>(),
                sp.GetService<ProviderRegistry>(),
                sp.GetRequiredService<ModelCatalog>(),
                sp.GetRequiredService<ITokenEstimator>(),
                sp.GetRequiredService<IAgentMessageBus>(),
                sp.GetRequiredService<IAgentCheckpointStore>(),
                sp.GetService<IWorkflowRunSink>(),
                sp.GetService<IWorkbenchCatalog>(),
                sp.GetService<ILlmJudge>(),
                sp.GetRequiredService<IOptions<AgentsOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>()),
            sp.GetServices<IAgentMessageSink>()));
        return builder;
    }
}
