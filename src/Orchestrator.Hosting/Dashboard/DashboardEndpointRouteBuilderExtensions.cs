using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Hosting.Dashboard;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, as in ASP.NET Core.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the live dashboard.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard page (HTML, JavaScript and CSS embedded in this assembly; no CDN) at <paramref name="prefix"/>
    /// and the JSON it polls under <c>{prefix}/api</c>: <c>llmops</c> (spend by tier, user and model, latency and time to
    /// first token, success and failover rates, A/B results, recent calls), <c>budgets</c> (utilization and alert
    /// levels) and <c>routing</c> (breakers and health). It shows spend per user: serve it on loopback or behind the
    /// host's authentication (the returned group takes <c>RequireAuthorization(...)</c>). Call
    /// <c>AddOrchestratorDashboard()</c> on the services first.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix, <c>/dashboard</c> by default.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapOrchestratorDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/dashboard")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags("Dashboard").ExcludeFromDescription();

        // The page loads its script, styles and data by relative URL, so it must be addressed with a trailing slash.
        // Routing matches "/dashboard" and "/dashboard/" alike, so one endpoint redirects the first to the second.
        group.MapGet("/", (HttpContext context, DashboardData data) => context.Request.Path.Value?.EndsWith('/') == true
            ? DashboardAssets.Page(data.RefreshSeconds)
            : Results.Redirect(context.Request.PathBase + context.Request.Path + "/"));
        group.MapGet("/{asset}", (string asset) => DashboardAssets.Get(asset));
        group.MapGet("/api/llmops", DashboardHandlers.LlmOpsAsync);
        group.MapGet("/api/budgets", DashboardHandlers.BudgetsAsync);
        group.MapGet("/api/routing", DashboardHandlers.Routing);
        return group;
    }
}
