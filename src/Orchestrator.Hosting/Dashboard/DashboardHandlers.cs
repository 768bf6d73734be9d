using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Orchestrator.Budgets;

namespace Orchestrator.Hosting.Dashboard;

/// <summary>The dashboard's JSON endpoints. A panel whose source is down answers 503 with why; the others keep working.</summary>
internal static class DashboardHandlers
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<IResult> LlmOpsAsync(DashboardData data, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Json(await data.GetLlmOpsAsync(cancellationToken).ConfigureAwait(false), Json);
        }
        catch (NpgsqlException ex)
        {
            return Unavailable("LLMOps database unavailable", $"The analytics query failed: {ex.Message}. Check Orchestrator:Dashboard:ConnectionString and that the database is up and migrated (orchestrator migrate).");
        }
    }

    public static async Task<IResult> BudgetsAsync(DashboardData data, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Json(await data.GetBudgetsAsync(cancellationToken).ConfigureAwait(false), Json);
        }
        catch (BudgetUnavailableException ex)
        {
            return Unavailable("Budget ledger unavailable", ex.Message);
        }
    }

    public static IResult Routing(DashboardData data) => Results.Json(data.GetRouting(), Json);

    private static IResult Unavailable(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail);
}
