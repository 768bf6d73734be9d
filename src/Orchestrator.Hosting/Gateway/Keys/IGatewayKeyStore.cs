namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>Where virtual keys live: PostgreSQL for hosts that scale out, the embedded SQLite file otherwise.</summary>
internal interface IGatewayKeyStore
{
    /// <summary>Gets the backend name for health reports ("postgres" or "sqlite").</summary>
    string Name { get; }

    /// <summary>Applies the schema migrations (the LLMOps migrations, which include the keys table).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task InsertAsync(GatewayKey key, CancellationToken cancellationToken);

    /// <summary>Finds a key by the SHA-256 of its secret, revoked or not.</summary>
    Task<GatewayKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<GatewayKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Marks a key revoked; returns it, or <see langword="null"/> when no live key has that id.</summary>
    Task<GatewayKey?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Round-trips a trivial query, for readiness.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
