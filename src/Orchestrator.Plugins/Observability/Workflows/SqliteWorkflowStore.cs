using Microsoft.Data.Sqlite;
using Orchestrator.Agents;
using Orchestrator.Plugins.Observability.Sqlite;
using Orchestrator.Workflows;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>Workflow versions and runs in the embedded SQLite store (apply the LLMOps migrations first).</summary>
public sealed class SqliteWorkflowStore : IWorkflowStore
{
    private const string VersionColumns = "workflow_id, version, content_hash, definition, description, traffic_share, is_active, created_at";
    private const string RunColumns = "run_id, workflow_id, workflow_version, subject_key, succeeded, cost_usd, total_tokens, latency_ms, judge_score, termination_reason, started_at";
    private readonly string _connectionString;

    /// <summary>Initializes a new instance of the <see cref="SqliteWorkflowStore"/> class.</summary>
    /// <param name="pathOrConnectionString">A file path or a SQLite connection string.</param>
    public SqliteWorkflowStore(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        _connectionString = SqliteLlmOpsStore.ToConnectionString(pathOrConnectionString);
    }

    /// <inheritdoc />
    public async Task<WorkflowRegistration> RegisterAsync(WorkflowDefinition definition, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Name, nameof(definition));
        var hash = WorkflowVersioning.ComputeHash(definition);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // IMMEDIATE takes the write lock up front, so two registrations cannot both pick the same next version.
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var existing = await ReadVersionsAsync(connection, transaction, definition.Name, cancellationToken).ConfigureAwait(false);
                if (existing.FirstOrDefault(v => v.ContentHash == hash) is { } same)
                {
                    return new WorkflowRegistration(same, false);
                }

                var version = new WorkflowVersion(
                    definition.Name,
                    WorkflowVersioning.NextVersion(existing.Select(v => v.Version)),
                    hash,
                    definition,
                    description,
                    existing.Count == 0 ? 1 : 0,
                    existing.Count == 0,
                    DateTimeOffset.UtcNow);
                var insert = new SqliteCommand($"INSERT INTO workflow_versions ({VersionColumns}) VALUES ($w, $v, $h, $d, $desc, $share, $active, $at)", connection, transaction);
                await using (insert.ConfigureAwait(false))
                {
                    var p = insert.Parameters;
                    p.AddWithValue("$w", version.WorkflowId);
                    p.AddWithValue("$v", version.Version);
                    p.AddWithValue("$h", hash);
                    p.AddWithValue("$d", WorkflowVersioning.ToJson(definition));
                    p.AddWithValue("$desc", (object?)description ?? DBNull.Value);
                    p.AddWithValue("$share", version.TrafficShare);
                    p.AddWithValue("$active", version.IsActive);
                    p.AddWithValue("$at", SqliteLlmOpsStore.Iso(version.CreatedAt));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new WorkflowRegistration(version, true);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowVersion>> ListVersionsAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadVersionsAsync(connection, null, workflowId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new SqliteCommand("SELECT DISTINCT workflow_id FROM workflow_versions ORDER BY workflow_id", connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var ids = new List<string>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetString(0));
                    }

                    return ids;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task SetTrafficAsync(string workflowId, IReadOnlyDictionary<string, double> weights, CancellationToken cancellationToken = default)
    {
        WorkflowTraffic.Validate(workflowId, weights);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, "UPDATE workflow_versions SET traffic_share = 0, is_active = 0 WHERE workflow_id = $w", cancellationToken, ("$w", workflowId)).ConfigureAwait(false);
                foreach (var (version, weight) in weights)
                {
                    var updated = await ExecuteAsync(connection, transaction, "UPDATE workflow_versions SET traffic_share = $s, is_active = 1 WHERE workflow_id = $w AND version = $v", cancellationToken,
                        ("$s", weight), ("$w", workflowId), ("$v", version)).ConfigureAwait(false);
                    if (updated == 0)
                    {
                        throw WorkflowTraffic.Missing(workflowId, version);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(WorkflowRunRecord run, CancellationToken cancellationToken = default)
    {
        CatalogColumns.Validate(run);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, $"INSERT OR IGNORE INTO workflow_runs ({RunColumns}) VALUES ($id, $w, $v, $key, $ok, $cost, $tokens, $latency, $judge, $reason, $at)", cancellationToken,
                ("$id", run.RunId), ("$w", run.WorkflowId), ("$v", run.WorkflowVersion), ("$key", run.SubjectKey), ("$ok", run.Succeeded), ("$cost", (double)run.CostUsd),
                ("$tokens", run.TotalTokens), ("$latency", run.Latency.TotalMilliseconds), ("$judge", run.JudgeScore), ("$reason", run.TerminationReason),
                ("$at", SqliteLlmOpsStore.Iso(run.StartedAt))).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowRunRecord>> ListRunsAsync(string workflowId, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new SqliteCommand($"SELECT {RunColumns} FROM workflow_runs WHERE workflow_id = $w AND ($since IS NULL OR started_at >= $since) ORDER BY started_at, run_id", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("$w", workflowId);
                command.Parameters.AddWithValue("$since", since is null ? DBNull.Value : SqliteLlmOpsStore.Iso(since.Value));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var runs = new List<WorkflowRunRecord>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        runs.Add(CatalogColumns.ReadRun(reader));
                    }

                    return runs;
                }
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<List<WorkflowVersion>> ReadVersionsAsync(SqliteConnection connection, SqliteTransaction? transaction, string workflowId, CancellationToken cancellationToken)
    {
        var command = new SqliteCommand($"SELECT {VersionColumns} FROM workflow_versions WHERE workflow_id = $w ORDER BY created_at, version", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("$w", workflowId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var versions = new List<WorkflowVersion>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(CatalogColumns.ReadVersion(reader, workflowId));
                }

                return versions;
            }
        }
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
#pragma warning disable CA2100 // Every statement is a constant in this class; values travel only as parameters.
        var command = new SqliteCommand(sql, connection, transaction);
#pragma warning restore CA2100
        await using (command.ConfigureAwait(false))
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
