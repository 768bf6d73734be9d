namespace Orchestrator.Hosting.Gateway;

/// <summary>Settings of the OpenAI-compatible gateway, bound from <c>Orchestrator:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orchestrator:Gateway";

    /// <summary>The request header that makes one request private (only local models may serve it): <c>true</c> or <c>1</c>.</summary>
    public const string PrivacyHeader = "X-Orchestrator-Private";

    /// <summary>
    /// Gets or sets the token the admin endpoints (<c>/admin/keys</c>) require as <c>Authorization: Bearer</c>.
    /// Empty disables them (every admin call is refused); use a long random secret.
    /// </summary>
    public string AdminToken { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the Npgsql connection string of the key store. Set it when several gateway processes serve one
    /// deployment; otherwise keys live in <see cref="SqlitePath"/>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Gets or sets the SQLite file (or connection string) of the key store when <see cref="Postgres"/> is not set.</summary>
    public string SqlitePath { get; set; } = "orchestrator-gateway.db";

    /// <summary>Gets or sets a value indicating whether the key store's schema migrations run when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Gets or sets how long, in seconds, a process caches a key lookup. A key revoked through another process is
    /// refused here at the latest this long after the revocation; one revoked through this process, at once.
    /// </summary>
    public double KeyCacheSeconds { get; set; } = 5;

    /// <summary>
    /// Gets or sets a Redis connection string for pushing revocations to every gateway process at once (pub/sub on
    /// <c>orchestrator:gateway:revoked</c>). Unset, other processes honour a revocation within <see cref="KeyCacheSeconds"/>.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Gets or sets the requests per minute a key may make per process when the key sets no limit of its own; 0 means unlimited.</summary>
    public int DefaultRateLimitPerMinute { get; set; }

    /// <summary>Gets the metering of <c>POST /v1/embeddings</c>: price, tier and what the log records.</summary>
    public GatewayEmbeddingOptions Embeddings { get; init; } = new();
}
