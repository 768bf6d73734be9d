using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Hosting.Dashboard;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers what the live dashboard needs.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's options (bound from <c>Orchestrator:Dashboard</c>, validated at start; the connection string
    /// falls back to <c>Orchestrator:LlmOps:ConnectionString</c> when that is PostgreSQL) and its data source. Budgets
    /// are shown when <c>AddBudgets(...)</c> was called, analytics when a PostgreSQL LLMOps database is configured.
    /// </summary>
    /// <param name="services">The services; <c>AddOrchestrator(...)</c> must be called too.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddOrchestratorDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.SectionName))
            .PostConfigure(o =>
            {
                var logConnection = configuration["Orchestrator:LlmOps:ConnectionString"];
                if (string.IsNullOrWhiteSpace(o.ConnectionString) && logConnection is not null && DashboardData.IsPostgres(logConnection))
                {
                    o.ConnectionString = logConnection;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton<DashboardData>();
        return services;
    }
}
