using Orchestrator.Budgets;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>A virtual API key as stored: whom it calls for, what it may use, its limits. Never the secret itself.</summary>
internal sealed record GatewayKey
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>SHA-256 of the secret, lower-case hex.</summary>
    public required string SecretHash { get; init; }

    /// <summary>The secret's first characters, so an operator can tell keys apart.</summary>
    public required string Prefix { get; init; }

    public required string UserId { get; init; }

    public string? TeamId { get; init; }

    /// <summary><c>provider/model</c> or bare model ids; empty allows every model.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    public int MinTier { get; init; }

    public int MaxTier { get; init; } = 3;

    /// <summary>Every request with this key is private: only local models may serve it.</summary>
    public bool Private { get; init; }

    /// <summary>Requests per minute per gateway process; <see langword="null"/> uses the gateway's default.</summary>
    public int? RateLimitPerMinute { get; init; }

    public BudgetPeriod? BudgetPeriod { get; init; }

    /// <summary>The cap of the key's user pool for <see cref="BudgetPeriod"/>, in US dollars.</summary>
    public decimal? BudgetLimit { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
