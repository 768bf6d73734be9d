using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orchestrator.Plugins.Observability;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>Keys in the embedded SQLite file (table <c>gateway_keys</c>, migration 006): one host, no server to run.</summary>
internal sealed class SqliteGatewayKeyStore : IGatewayKeyStore
{
    private readonly string _connectionString;
    private readonly ILogger _logger;

    public SqliteGatewayKeyStore(string pathOrConnectionString, ILogger logger)
    {
        _connectionString = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _logger = logger;
    }

    public string Name => "sqlite";

    public Task MigrateAsync(CancellationToken cancellationToken) => LlmOpsSchema.MigrateSqliteAsync(_connectionString, _logger, cancellationToken);

    public async Task InsertAsync(GatewayKey key, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = GatewayKeyColumns.Insert;
        var values = GatewayKeyColumns.Values(key, Time(key.CreatedAt));
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
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
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using var commandScope = command.ConfigureAwait(false);
            command.CommandText = "UPDATE gateway_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
            command.Parameters.AddWithValue("$1", id);
            command.Parameters.AddWithValue("$2", Time(at));
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
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = "SELECT count(*) FROM gateway_keys";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(System.Data.Common.DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task<IReadOnlyList<GatewayKey>> QueryAsync(string sql, string? argument, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = connection.CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
#pragma warning disable CA2100 // sql is one of this class's constant statements; values go in parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        if (argument is not null)
        {
            command.Parameters.AddWithValue("$1", argument);
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var keys = new List<GatewayKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(GatewayKeyColumns.Read(reader, ReadTime));
        }

        return keys;
    }
}
