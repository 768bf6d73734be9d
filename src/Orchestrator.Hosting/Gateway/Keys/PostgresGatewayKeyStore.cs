using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Plugins.Observability;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>Keys in PostgreSQL (table <c>gateway_keys</c>, migration 006), shared by every gateway process of a deployment.</summary>
internal sealed class PostgresGatewayKeyStore : IGatewayKeyStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly ILogger _logger;

    public PostgresGatewayKeyStore(string connectionString, ILogger logger)
    {
        _connectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _logger = logger;
    }

    public string Name => "postgres";

    public Task MigrateAsync(CancellationToken cancellationToken) => LlmOpsSchema.MigratePostgresAsync(_connectionString, _logger, cancellationToken);

    public async Task InsertAsync(GatewayKey key, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(GatewayKeyColumns.Insert);
        await using var commandScope = command.ConfigureAwait(false);
        foreach (var value in GatewayKeyColumns.Values(key, key.CreatedAt))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GatewayKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(GatewayKeyColumns.Select + " WHERE secret_sha256 = $1", secretHash, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<GatewayKey>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync(GatewayKeyColumns.Select + " ORDER BY created_at, id", null, cancellationToken);

    public async Task<GatewayKey?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand("UPDATE gateway_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = at });
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        var found = await QueryAsync(GatewayKeyColumns.Select + " WHERE id = $1", id, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand("SELECT 1");
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<IReadOnlyList<GatewayKey>> QueryAsync(string sql, string? argument, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(sql);
        await using var commandScope = command.ConfigureAwait(false);
        if (argument is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument });
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var keys = new List<GatewayKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(GatewayKeyColumns.Read(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i)));
        }

        return keys;
    }
}
