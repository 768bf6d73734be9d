using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Budgets;
using Orchestrator.Hosting.Gateway;
using Orchestrator.Hosting.Gateway.Keys;
using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the OpenAI-compatible gateway.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's options (bound from <c>Orchestrator:Gateway</c>, validated at start), its key store
    /// (PostgreSQL when <c>Postgres</c> is set, else SQLite; migrated at start) and request handlers. Orchestrator must
    /// be added too (<c>AddOrchestrator(...)</c>); budgets, the LLMOps log and an embedding generator are used when added.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddOrchestratorGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton<IGatewayKeyStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway.Keys");
            return string.IsNullOrWhiteSpace(options.Postgres)
                ? new SqliteGatewayKeyStore(options.SqlitePath, logger)
                : new PostgresGatewayKeyStore(options.Postgres, logger);
        });
        services.TryAddSingleton(sp => new GatewayKeyResolver(
            sp.GetRequiredService<IGatewayKeyStore>(),
            sp.GetService<BudgetGate>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway.Keys")));
        services.TryAddSingleton(sp => new GatewayRateLimiter(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetRequiredService<GatewayRevocationBus>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway")));
        services.TryAddSingleton(sp => new GatewayHandlers(
            sp.GetRequiredKeyedService<IChatClient>(OrchestratorServiceCollectionExtensions.RouterServiceId),
            sp.GetRequiredService<ProviderRegistry>(),
            sp.GetRequiredService<GatewayKeyResolver>(),
            sp.GetRequiredService<GatewayRateLimiter>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<ITokenEstimator>(),
            sp.GetService<BudgetGate>(),
            sp.GetRequiredService<InvocationRecorder>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Embeddings,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway")));
        services.TryAddSingleton(sp => new GatewayRevocationBus(
            sp.GetRequiredService<GatewayKeyResolver>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway.Keys")));
        services.AddHostedService(sp => sp.GetRequiredService<GatewayRevocationBus>());
        services.TryAddSingleton(sp => new GatewayAdminHandlers(
            sp.GetRequiredService<GatewayKeyResolver>(),
            sp.GetRequiredService<GatewayRevocationBus>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Gateway.Admin")));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GatewayKeyStoreMigrationService>());
        return services;
    }
}
