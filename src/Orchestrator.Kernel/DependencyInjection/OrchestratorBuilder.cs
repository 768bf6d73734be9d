using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;

namespace Orchestrator.DependencyInjection;

/// <summary>Returned by <c>AddOrchestrator</c> so optional parts chain: <c>.AddStandardProviders().AddLlamaSharpProvider()</c>.</summary>
public sealed class OrchestratorBuilder
{
    internal OrchestratorBuilder(IServiceCollection services, OrchestratorOptions snapshot)
    {
        Services = services;
        Snapshot = snapshot;
    }

    /// <summary>Gets the service collection Orchestrator registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the options as known at registration time, used to register keyed services per provider and model.</summary>
    internal OrchestratorOptions Snapshot { get; }
}
