using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents;
using Orchestrator.Budgets;
using Orchestrator.DependencyInjection;
using Orchestrator.Judging;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Tools;

#pragma warning disable IDE0130 // Registration extensions live beside AddOrchestrator, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the tool registry, workbenches and the judge.</summary>
public static class ToolsOrchestratorBuilderExtensions
{
    /// <summary>
    /// Registers a workbench (and, once, the <see cref="ToolRegistry"/> and the <see cref="IWorkbenchCatalog"/> over it).
    /// The catalog uses the registered <see cref="IToolApprovalService"/>, <see cref="BudgetGate"/> and
    /// <see cref="IAgentMessageSink"/> when there are any.
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="name">The workbench name.</param>
    /// <param name="tools">Its tool names, or prefixes ending in <c>*</c>.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddWorkbench(this OrchestratorBuilder builder, string name, params string[] tools)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tools);
        var services = builder.Services;
        services.TryAddSingleton<ToolRegistry>();
        services.AddSingleton(new WorkbenchDefinition(name, tools));
        services.TryAddSingleton(sp => new WorkbenchCatalog(
            sp.GetRequiredService<ToolRegistry>(),
            sp.GetServices<WorkbenchDefinition>(),
            sp.GetService<IToolApprovalService>(),
            sp.GetService<BudgetGate>(),
            sp.GetService<IAgentMessageSink>(),
            sp.GetService<ILogger<WorkbenchCatalog>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IWorkbenchCatalog>(sp => sp.GetRequiredService<WorkbenchCatalog>());
        return builder;
    }

    /// <summary>
    /// Registers the <see cref="ILlmJudge"/> over the router, asking it for models of tier <paramref name="minTier"/> or
    /// above (3, premium, by default). It replaces a judge registered before (the browser plugin's default one).
    /// </summary>
    /// <param name="builder">The Orchestrator builder.</param>
    /// <param name="minTier">The cheapest tier the judge may use.</param>
    /// <param name="maxAttempts">How many replies to try before giving up.</param>
    /// <returns>The builder.</returns>
    public static OrchestratorBuilder AddLlmJudge(this OrchestratorBuilder builder, int minTier = 3, int maxAttempts = 2)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(minTier);
        builder.Services.RemoveAll<ILlmJudge>();
        builder.Services.AddSingleton<ILlmJudge>(sp => new LlmJudge(sp.GetRequiredService<IChatClient>(), new RoutingRequest { MinTier = minTier }, maxAttempts));
        return builder;
    }
}
