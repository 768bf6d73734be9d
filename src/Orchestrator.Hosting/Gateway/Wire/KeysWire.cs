using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

/// <summary>The body of <c>POST /admin/keys</c>.</summary>
internal sealed class CreateKeyRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("user_id")] public string? UserId { get; set; }

    [JsonPropertyName("team_id")] public string? TeamId { get; set; }

    [JsonPropertyName("allowed_models")] public List<string>? AllowedModels { get; set; }

    [JsonPropertyName("min_tier")] public int? MinTier { get; set; }

    [JsonPropertyName("max_tier")] public int? MaxTier { get; set; }

    [JsonPropertyName("private")] public bool Private { get; set; }

    [JsonPropertyName("rate_limit_per_minute")] public int? RateLimitPerMinute { get; set; }

    [JsonPropertyName("budget_period")] public string? BudgetPeriod { get; set; }

    [JsonPropertyName("budget_limit")] public decimal? BudgetLimit { get; set; }
}

/// <summary>A key as the admin API shows it; <see cref="Key"/> (the secret) only in the creation response.</summary>
internal sealed record KeyView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("team_id")] string? TeamId,
    [property: JsonPropertyName("allowed_models")] IReadOnlyList<string> AllowedModels,
    [property: JsonPropertyName("min_tier")] int MinTier,
    [property: JsonPropertyName("max_tier")] int MaxTier,
    [property: JsonPropertyName("private")] bool Private,
    [property: JsonPropertyName("rate_limit_per_minute")] int? RateLimitPerMinute,
    [property: JsonPropertyName("budget_period")] string? BudgetPeriod,
    [property: JsonPropertyName("budget_limit")] decimal? BudgetLimit,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt,
    [property: JsonPropertyName("key")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key);

internal sealed record KeyListResponse(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<KeyView> Data);
