using Microsoft.Extensions.Configuration;
using Orchestrator.Hosting.Budgets;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in Microsoft.Extensions.*.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers what the Budget REST API needs.</summary>
public static class BudgetApiServiceCollectionExtensions
{
    /// <summary>Adds the Budget API's options (bound from <c>Orchestrator:BudgetApi</c>), problem details and its OpenAPI document.</summary>
    /// <param name="services">The services; budgets must be added too (<c>AddOrchestrator(...).AddBudgets(...)</c>).</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddBudgetApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BudgetApiOptions>().Bind(configuration.GetSection(BudgetApiOptions.SectionName));
        services.AddProblemDetails();
        services.AddOpenApi("budget");
        return services;
    }
}
