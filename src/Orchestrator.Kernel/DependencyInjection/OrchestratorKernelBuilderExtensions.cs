using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.DependencyInjection;

#pragma warning disable IDE0130 // SK's own AddXxx extensions live in Microsoft.SemanticKernel.
namespace Microsoft.SemanticKernel;
#pragma warning restore IDE0130

/// <summary>Registers Orchestrator on an <see cref="IKernelBuilder"/>, forwarding to the <see cref="IServiceCollection"/> overloads.</summary>
public static class OrchestratorKernelBuilderExtensions
{
    /// <summary>Adds Orchestrator bound to the <c>Orchestrator</c> configuration section.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>A builder for optional parts.</returns>
    public static OrchestratorBuilder AddOrchestrator(this IKernelBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddOrchestrator(configuration);
    }

    /// <summary>Adds Orchestrator configured in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for optional parts.</returns>
    public static OrchestratorBuilder AddOrchestrator(this IKernelBuilder builder, Action<OrchestratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddOrchestrator(configure);
    }
}
