using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.DependencyInjection;
using Orchestrator.Filters;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Orchestrator on an <see cref="IServiceCollection"/>.</summary>
public static class OrchestratorServiceCollectionExtensions
{
    /// <summary>
    /// Adds Orchestrator, bound to the <c>Orchestrator</c> section of <paramref name="configuration"/> and validated at start.
    /// Each configured provider model is registered as a keyed <see cref="IChatClient"/> and <see cref="IChatCompletionService"/>
    /// under <c>provider/model</c>; the default model is also registered unkeyed.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (appsettings, environment, command line).</param>
    /// <returns>A builder for optional parts, such as <c>AddStandardProviders()</c>.</returns>
    public static OrchestratorBuilder AddOrchestrator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OrchestratorOptions.SectionName);
        services.AddOptions<OrchestratorOptions>().Bind(section).ValidateOnStart();
        return AddCore(services, section.Get<OrchestratorOptions>() ?? new OrchestratorOptions());
    }

    /// <summary>Adds Orchestrator configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for optional parts.</returns>
    public static OrchestratorBuilder AddOrchestrator(this IServiceCollection services, Action<OrchestratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OrchestratorOptions>().Configure(configure).ValidateOnStart();
        var snapshot = new OrchestratorOptions();
        configure(snapshot);
        return AddCore(services, snapshot);
    }

    private static OrchestratorBuilder AddCore(IServiceCollection services, OrchestratorOptions snapshot)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.TryAddSingleton<ITokenEstimator, TiktokenTokenEstimator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestratorOptions>, OrchestratorOptionsValidator>());
        services.TryAddSingleton(sp => ModelCatalog.CreateDefault(sp.GetRequiredService<IOptions<OrchestratorOptions>>().Value.Models));
        services.TryAddSingleton(sp => new InvocationRecorder(sp.GetServices<IInvocationSink>(), sp.GetRequiredService<ILogger<InvocationRecorder>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new ProviderRegistry(
            sp.GetRequiredService<IOptions<OrchestratorOptions>>(),
            sp.GetRequiredService<ModelCatalog>(),
            sp.GetServices<IChatProviderFactory>(),
            sp.GetRequiredService<InvocationRecorder>(),
            sp.GetRequiredService<ITokenEstimator>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetServices<IModelClientDecorator>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionInvocationFilter, CostScopeFunctionFilter>());
        services.TryAddSingleton(sp => new RouterEvents(sp.GetServices<IRouterObserver>(), sp.GetRequiredService<ILogger<RouterEvents>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new ProviderHealthMonitor(
            sp.GetRequiredService<ProviderRegistry>(),
            sp.GetRequiredService<IOptions<OrchestratorOptions>>().Value.Routing,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ProviderHealthMonitor>>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
            return new RouterChatClient(
                sp.GetRequiredService<ProviderRegistry>(),
                options.Routing,
                sp.GetRequiredService<ProviderHealthMonitor>(),
                sp.GetRequiredService<RouterEvents>(),
                sp.GetRequiredService<ITokenEstimator>(),
                sp.GetRequiredService<TimeProvider>(),
                options.DefaultModel);
        });
        services.AddKeyedSingleton<IChatClient>(RouterServiceId, (sp, _) => sp.GetRequiredService<RouterChatClient>());
        services.AddKeyedSingleton<IChatCompletionService>(RouterServiceId, (sp, _) => KernelServiceOf(sp.GetRequiredService<RouterChatClient>(), sp));

        foreach (var serviceId in KnownServiceIds(snapshot))
        {
            services.AddKeyedSingleton<IChatClient>(serviceId, (sp, _) => sp.GetRequiredService<ProviderRegistry>().GetChatClient(serviceId));
            services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, _) => sp.GetRequiredKeyedService<IChatClient>(serviceId).AsChatCompletionService(sp));
        }

        if (snapshot.Providers.Values.Any(p => p.Enabled))
        {
            // The unkeyed chat client is the router: every entry point (M.E.AI, SK, agents) gets routing,
            // failover and privacy enforcement unless it asks for a specific provider/model by key.
            services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<RouterChatClient>());
            services.TryAddSingleton(sp => KernelServiceOf(sp.GetRequiredService<IChatClient>(), sp));
        }

        return new OrchestratorBuilder(services, snapshot);
    }

    /// <summary>
    /// The Semantic Kernel chat service over a chat client. SK only runs tools chosen with
    /// <c>FunctionChoiceBehavior.Auto()</c> when the client invokes kernel functions itself, so a client that does not
    /// already invoke functions is wrapped with <c>UseKernelFunctionInvocation()</c>, as SK's own connectors do.
    /// </summary>
    private static IChatCompletionService KernelServiceOf(IChatClient client, IServiceProvider services)
    {
        if (client.GetService(typeof(FunctionInvokingChatClient)) is null)
        {
            client = client.AsBuilder().UseKernelFunctionInvocation(services.GetService<ILoggerFactory>()).Build(services);
        }

        return client.AsChatCompletionService(services);
    }

    /// <summary>The service key of the routing chat client (also the unkeyed default).</summary>
    public const string RouterServiceId = "router";

    private static IEnumerable<string> KnownServiceIds(OrchestratorOptions snapshot)
    {
        ModelCatalog catalog;
        try
        {
            catalog = ModelCatalog.CreateDefault(snapshot.Models);
        }
        catch (OrchestratorConfigurationException)
        {
            // Reported with every other problem by the start-up validator.
            yield break;
        }

        foreach (var (name, provider) in snapshot.Providers)
        {
            var type = string.IsNullOrWhiteSpace(provider.Type) ? name : provider.Type;
            var family = provider.CatalogProvider ?? (ProviderPreset.Known.TryGetValue(type, out var preset) ? preset.CatalogProvider : type);
            var ids = provider.Models.Count > 0
                ? provider.Models
                : catalog.ForProvider(name).Concat(catalog.ForProvider(family)).Select(m => m.Id).Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var id in ids)
            {
                yield return $"{name}/{id}";
            }
        }
    }
}
