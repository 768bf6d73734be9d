using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Plugins.Observability.Postgres;
using Orchestrator.Plugins.Observability.Sqlite;

namespace Orchestrator.Plugins.Observability;

/// <summary>Applies the LLMOps schema outside a host (deploy scripts, the sample's <c>migrate</c> command).</summary>
public static class LlmOpsSchema
{
    /// <summary>Applies the pending PostgreSQL migrations (<c>migrations/NNN_*.sql</c>), each once, checksummed, under a lock.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="logger">Receives the migration library's progress lines.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The names of the migrations this call applied (empty when the schema was current).</returns>
    public static async Task<IReadOnlyList<string>> MigratePostgresAsync(string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresLlmOpsStore(connectionString, logger ?? NullLogger.Instance);
        await using (store.ConfigureAwait(false))
        {
            return await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies the pending SQLite migrations (<c>migrations/sqlite/NNN_*.sql</c>).</summary>
    /// <param name="path">A file path or a SQLite connection string.</param>
    /// <param name="logger">Receives the migration library's progress lines.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The names of the migrations this call applied.</returns>
    public static Task<IReadOnlyList<string>> MigrateSqliteAsync(string path, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteLlmOpsStore(path, logger ?? NullLogger.Instance).MigrateAsync(cancellationToken);
    }
}
