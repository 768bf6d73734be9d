using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Budgets;
using Orchestrator.Hosting.Gateway.Wire;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>The column list and row mapping both key stores share (the two schemas are the same logical table).</summary>
internal static class GatewayKeyColumns
{
    public const string Select =
        "SELECT id, name, secret_sha256, secret_prefix, user_id, team_id, allowed_models, min_tier, max_tier, private, rate_limit_per_minute, " +
        "budget_period, budget_limit, created_at, revoked_at FROM gateway_keys";

    public const string Insert =
        "INSERT INTO gateway_keys (id, name, secret_sha256, secret_prefix, user_id, team_id, allowed_models, min_tier, max_tier, private, " +
        "rate_limit_per_minute, budget_period, budget_limit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

    public static GatewayKey Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        SecretHash = reader.GetString(2),
        Prefix = reader.GetString(3),
        UserId = reader.GetString(4),
        TeamId = reader.IsDBNull(5) ? null : reader.GetString(5),
        AllowedModels = reader.IsDBNull(6) ? [] : JsonSerializer.Deserialize(reader.GetString(6), GatewayJsonContext.Default.ListString) ?? [],
        MinTier = Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
        MaxTier = Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
        Private = Convert.ToBoolean(reader.GetValue(9), CultureInfo.InvariantCulture),
        RateLimitPerMinute = reader.IsDBNull(10) ? null : Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
        BudgetPeriod = reader.IsDBNull(11) ? null : Hosting.Budgets.BudgetApiHandlers.ParsePeriod(reader.GetString(11)),
        BudgetLimit = reader.IsDBNull(12) ? null : Convert.ToDecimal(reader.GetValue(12), CultureInfo.InvariantCulture),
        CreatedAt = readTime(reader, 13),
        RevokedAt = reader.IsDBNull(14) ? null : readTime(reader, 14),
    };

    /// <summary>The insert's parameter values in order; times are converted by the store.</summary>
    public static object?[] Values(GatewayKey key, object createdAt) =>
    [
        key.Id, key.Name, key.SecretHash, key.Prefix, key.UserId, key.TeamId,
        key.AllowedModels.Count == 0 ? null : JsonSerializer.Serialize(key.AllowedModels.ToList(), GatewayJsonContext.Default.ListString),
        key.MinTier, key.MaxTier, key.Private, key.RateLimitPerMinute,
        key.BudgetPeriod is { } p ? BudgetPool.PeriodName(p) : null, key.BudgetLimit, createdAt,
    ];
}
