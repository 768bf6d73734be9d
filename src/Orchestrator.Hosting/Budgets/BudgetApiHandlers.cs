using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Usage;

namespace Orchestrator.Hosting.Budgets;

/// <summary>The Budget API's endpoint handlers.</summary>
internal static class BudgetApiHandlers
{
    public static async Task<IResult> SetLimitAsync([FromBody] SetLimitRequest body, BudgetGate gate, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            errors["user_id"] = ["Required: the user id, or * for every user."];
        }

        var period = ParsePeriod(body.Period);
        if (period is null)
        {
            errors["period"] = ["Required: daily, weekly or monthly."];
        }

        if (body.Limit is not > 0)
        {
            errors["limit"] = ["Required: a positive amount in US dollars."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        // Stored in the ledger: every host sharing it enforces the limit from its next check, and it survives restarts.
        await gate.SetLimitAsync(new BudgetPool(BudgetScope.User, body.UserId!, period!.Value), body.Limit!.Value, cancellationToken).ConfigureAwait(false);
        return Results.Created($"/limit/{Uri.EscapeDataString(body.UserId!)}", body);
    }

    public static async Task<IResult> GetLimitsAsync([FromRoute(Name = "user_id")] string userId, BudgetGate gate, CancellationToken cancellationToken)
    {
        var status = await gate.GetStatusAsync(new BudgetSubject(userId, null, null), cancellationToken).ConfigureAwait(false);
        var pools = status.Where(s => s.Pool.Scope == BudgetScope.User && s.Limit is not null).Select(ToResponse).ToList();
        return pools.Count == 0 ? NotFound($"No limit applies to user '{userId}'.") : Results.Ok(new { user_id = userId, limits = pools });
    }

    public static async Task<IResult> DeleteLimitAsync([FromRoute(Name = "user_id")] string userId, string period, BudgetGate gate, CancellationToken cancellationToken)
    {
        var parsed = ParsePeriod(period);
        if (parsed is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["daily, weekly or monthly."] });
        }

        return await gate.RemoveLimitAsync(new BudgetPool(BudgetScope.User, userId, parsed.Value), cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : NotFound($"User '{userId}' has no {period} limit set through this API (configured limits change in configuration).");
    }

    public static async Task<IResult> TrackAsync([FromBody] TrackRequest body, BudgetGate gate, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            errors["user_id"] = ["Required."];
        }

        var model = FindModel(catalog, body.Model);
        if (body.Cost is null && model is null)
        {
            errors["model"] = [$"Give a cost, or a model the catalog knows ('{body.Model}' is not in it)."];
        }

        if (body.Cost is < 0 || body.InputTokens is < 0 || body.OutputTokens is < 0)
        {
            errors["cost"] = ["Cost and token counts cannot be negative."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var cost = body.Cost ?? CostCalculator.Compute(model!, body.InputTokens ?? 0, body.OutputTokens ?? 0, 0);
        var subject = new BudgetSubject(body.UserId, body.TeamId, model?.Tier);
        var alerts = await gate.TrackAsync(subject, cost, cancellationToken).ConfigureAwait(false);
        var status = await gate.GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { user_id = body.UserId, cost, pools = status.Select(ToResponse), alerts });
    }

    public static async Task<IResult> GetSpendAsync([FromRoute(Name = "user_id")] string userId, BudgetGate gate, CancellationToken cancellationToken)
    {
        var status = await gate.GetStatusAsync(new BudgetSubject(userId, null, null), cancellationToken).ConfigureAwait(false);
        var own = status.Where(s => s.Pool.Scope == BudgetScope.User).ToList();
        var spent = own.ToDictionary(s => BudgetPool.PeriodName(s.Pool.Period), s => s.Spent, StringComparer.Ordinal);
        return Results.Ok(new { user_id = userId, total_spent = spent.GetValueOrDefault("monthly"), spent, pools = status.Select(ToResponse) });
    }

    public static Task<IResult> TopSpendersAsync(string period, BudgetGate gate, CancellationToken cancellationToken, [FromQuery] int? limit = null) =>
        ReportAsync(period, BudgetScope.User, gate, rows => rows.OrderByDescending(r => r.Spent).Take(Math.Clamp(limit ?? 10, 1, 1000)), cancellationToken);

    public static Task<IResult> TierCostsAsync(string period, BudgetGate gate, CancellationToken cancellationToken) =>
        ReportAsync(period, BudgetScope.Tier, gate, rows => rows.OrderBy(r => r.Name, StringComparer.Ordinal), cancellationToken);

    public static async Task<IResult> UtilizationAsync(string period, BudgetGate gate, CancellationToken cancellationToken)
    {
        var parsed = ParsePeriod(period);
        if (parsed is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["daily, weekly or monthly."] });
        }

        var pools = await ListUtilizationAsync(gate, parsed.Value, cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { period, pools = pools.Select(ToResponse).OrderByDescending(p => p.Utilization) });
    }

    /// <summary>Every limited pool of a period (configured or set through the API) with its spend against its cap (the utilization report; the dashboard reads it too).</summary>
    internal static async Task<IReadOnlyList<BudgetPoolStatus>> ListUtilizationAsync(BudgetGate gate, BudgetPeriod period, CancellationToken cancellationToken)
    {
        var pools = new List<BudgetPoolStatus>();
        foreach (var scope in Enum.GetValues<BudgetScope>())
        {
            var status = await gate.ListStatusAsync(scope, period, cancellationToken).ConfigureAwait(false);
            pools.AddRange(status.Where(s => s.Limit is not null));
        }

        return pools;
    }

    public static async Task<IResult> HealthAsync(BudgetGate gate, CancellationToken cancellationToken)
    {
        try
        {
            await gate.Ledger.GetUsageAsync([new BudgetPool(BudgetScope.Global, BudgetPool.GlobalName, BudgetPeriod.Daily)], null, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new { status = "healthy", ledger = gate.Ledger.GetType().Name });
        }
        catch (BudgetUnavailableException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Budget ledger unavailable", detail: ex.Message);
        }
    }

    private static async Task<IResult> ReportAsync(string period, BudgetScope scope, BudgetGate gate, Func<IEnumerable<SpendRow>, IEnumerable<SpendRow>> shape, CancellationToken cancellationToken)
    {
        var parsed = ParsePeriod(period);
        if (parsed is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["daily, weekly or monthly."] });
        }

        var usage = await gate.ListStatusAsync(scope, parsed.Value, cancellationToken).ConfigureAwait(false);
        var key = usage.Count > 0 ? usage[0].PeriodKey : null;
        return Results.Ok(new { period, period_key = key, rows = shape(usage.Select(u => new SpendRow(u.Pool.Name, u.Spent, u.Reserved))) });
    }

    private static PoolResponse ToResponse(BudgetPoolStatus s) =>
        new(s.Pool.Id, BudgetPool.PeriodName(s.Pool.Period), s.PeriodKey, s.Limit, s.Spent, s.Reserved, s.Remaining, s.UtilizationPercent);

    /// <summary>Parses daily, weekly or monthly (any case); shared with the gateway's key budgets.</summary>
    public static BudgetPeriod? ParsePeriod(string? period) => period?.ToUpperInvariant() switch
    {
        "DAILY" => BudgetPeriod.Daily,
        "WEEKLY" => BudgetPeriod.Weekly,
        "MONTHLY" => BudgetPeriod.Monthly,
        _ => null,
    };

    private static ModelDescriptor? FindModel(ModelCatalog catalog, string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && catalog.TryGet(model[..slash], model[(slash + 1)..], out var found)
            ? found
            : catalog.Models.FirstOrDefault(m => string.Equals(m.Id, model, StringComparison.OrdinalIgnoreCase));
    }

    private static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
