using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Budgets;

/// <summary>The body of <c>POST /limit</c>.</summary>
/// <param name="UserId">The user, or <c>*</c> for every user without a limit of their own.</param>
/// <param name="Period">daily, weekly or monthly.</param>
/// <param name="Limit">The cap in US dollars per period.</param>
public sealed record SetLimitRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("limit")] decimal? Limit);

/// <summary>The body of <c>POST /track</c>: spend that happened outside Orchestrator's gate.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Model">The model id, or <c>provider/model</c> as in the catalog.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Generated tokens.</param>
/// <param name="Cost">The cost in US dollars; when set, the tokens are not priced.</param>
/// <param name="TeamId">The user's team, if any.</param>
public sealed record TrackRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("input_tokens")] long? InputTokens,
    [property: JsonPropertyName("output_tokens")] long? OutputTokens,
    [property: JsonPropertyName("cost")] decimal? Cost,
    [property: JsonPropertyName("team_id")] string? TeamId);

/// <summary>A pool's state in a response.</summary>
/// <param name="Pool">The pool id.</param>
/// <param name="Period">The period kind.</param>
/// <param name="PeriodKey">The current period.</param>
/// <param name="Limit">The cap in US dollars.</param>
/// <param name="Spent">Spend this period.</param>
/// <param name="Reserved">Held for calls in flight.</param>
/// <param name="Remaining">What can still be spent.</param>
/// <param name="Utilization">Spend as a percentage of the cap.</param>
public sealed record PoolResponse(
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("period_key")] string PeriodKey,
    [property: JsonPropertyName("limit")] decimal? Limit,
    [property: JsonPropertyName("spent")] decimal Spent,
    [property: JsonPropertyName("reserved")] decimal Reserved,
    [property: JsonPropertyName("remaining")] decimal? Remaining,
    [property: JsonPropertyName("utilization")] decimal? Utilization);

/// <summary>One row of a report: a user or tier and what it spent.</summary>
/// <param name="Name">The user id or tier number.</param>
/// <param name="Spent">Spend this period in US dollars.</param>
/// <param name="Reserved">Held for calls in flight.</param>
public sealed record SpendRow(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("spent")] decimal Spent,
    [property: JsonPropertyName("reserved")] decimal Reserved);
