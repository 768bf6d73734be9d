using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Hosting.Budgets;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the Budget REST API.</summary>
public static class BudgetApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the nine Budget API endpoints (limits, tracking, spend, reports, health) under <paramref name="prefix"/>,
    /// with API-key authentication (the admin scope for limits), problem+json errors, request logging, and the
    /// OpenAPI document at <c>/openapi/budget.json</c>. Call <c>AddBudgetApi()</c> on the services first.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix, empty by default.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapBudgetApi(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi();
        var api = endpoints.MapGroup(prefix).WithTags("Budgets").AddEndpointFilter(BudgetApiFilters.LogAsync);
        var admin = api.MapGroup(string.Empty).AddEndpointFilter((c, n) => BudgetApiFilters.AuthenticateAsync(c, n, admin: true));
        var read = api.MapGroup(string.Empty).AddEndpointFilter((c, n) => BudgetApiFilters.AuthenticateAsync(c, n, admin: false));

        admin.MapPost("/limit", BudgetApiHandlers.SetLimitAsync).WithName("SetLimit").WithSummary("Sets a user's limit for a period (admin).");
        read.MapGet("/limit/{user_id}", BudgetApiHandlers.GetLimitsAsync).WithName("GetLimits").WithSummary("Lists the limits that apply to a user, with spend and what remains.");
        admin.MapDelete("/limit/{user_id}/{period}", BudgetApiHandlers.DeleteLimitAsync).WithName("DeleteLimit").WithSummary("Removes a user's limit for a period (admin).");
        read.MapPost("/track", BudgetApiHandlers.TrackAsync).WithName("Track").WithSummary("Records spend that happened outside the gate.");
        read.MapGet("/spend/{user_id}", BudgetApiHandlers.GetSpendAsync).WithName("GetSpend").WithSummary("A user's current spend in every pool that applies.");
        read.MapGet("/top-spenders/{period}", BudgetApiHandlers.TopSpendersAsync).WithName("TopSpenders").WithSummary("Users by spend this period, highest first.");
        read.MapGet("/utilization/{period}", BudgetApiHandlers.UtilizationAsync).WithName("Utilization").WithSummary("Every limited pool of a period: spend against its cap.");
        read.MapGet("/tier-costs/{period}", BudgetApiHandlers.TierCostsAsync).WithName("TierCosts").WithSummary("Spend per model tier this period.");
        api.MapGet("/health", BudgetApiHandlers.HealthAsync).WithName("Health").WithSummary("Whether the budget ledger answers.").AllowAnonymous();
        return api;
    }
}
