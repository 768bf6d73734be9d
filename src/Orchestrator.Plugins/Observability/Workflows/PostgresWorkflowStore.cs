using Npgsql;
using NpgsqlTypes;
using Orchestrator.Agents;
using Orchestrator.Workflows;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>Workflow versions and runs in PostgreSQL (apply the LLMOps migrations first).</summary>
public sealed class PostgresWorkflowStore : IWorkflowStore, IAsyncDisposable
{
    private const string VersionColumns = "workflow_id, version, content_hash, definition::text, description, traffic_share::float8, is_active, created_at";
    private const string InsertVersion =
        "INSERT INTO workflow_versions (workflow_id, version, content_hash, definition, description, traffic_share, is_active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private const string RunColumns = "run_id, workflow_id, workflow_version, subject_key, succeeded, cost_usd, total_tokens, latency_ms, judge_score, termination_reason, started_at";
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgresWorkflowStore"/> class.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresWorkflowStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    public async Task<WorkflowRegistration> RegisterAsync(WorkflowDefinition definition, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Name, nameof(definition));
        var hash = WorkflowVersioning.ComputeHash(definition);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Serializes registrations of one workflow across hosts, so two cannot both pick the same next version.
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('workflow_versions:' || $1))", cancellationToken, definition.Name).ConfigureAwait(false);
                var existing = await ReadVersionsAsync(connection, definition.Name, cancellationToken).ConfigureAwait(false);
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
                var insert = new NpgsqlCommand(InsertVersion, connection);
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version.WorkflowId });
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version.Version });
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
                    insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = WorkflowVersioning.ToJson(definition) });
                    insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)description ?? DBNull.Value });
                    insert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = (decimal)version.TrafficShare });
                    insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = version.IsActive });
                    insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = version.CreatedAt });
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
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadVersionsAsync(connection, workflowId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListWorkflowsAsync(CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand("SELECT DISTINCT workflow_id FROM workflow_versions ORDER BY workflow_id");
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

    /// <inheritdoc />
    public async Task SetTrafficAsync(string workflowId, IReadOnlyDictionary<string, double> weights, CancellationToken cancellationToken = default)
    {
        WorkflowTraffic.Validate(workflowId, weights);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, "UPDATE workflow_versions SET traffic_share = 0, is_active = false WHERE workflow_id = $1", cancellationToken, workflowId).ConfigureAwait(false);
                foreach (var (version, weight) in weights)
                {
                    var updated = await ExecuteAsync(connection, "UPDATE workflow_versions SET traffic_share = $1, is_active = true WHERE workflow_id = $2 AND version = $3", cancellationToken,
                        (decimal)weight, workflowId, version).ConfigureAwait(false);
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
        var command = _dataSource.CreateCommand($"INSERT INTO workflow_runs ({RunColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (run_id) DO NOTHING");
        await using (command.ConfigureAwait(false))
        {
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string> { TypedValue = run.RunId });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.WorkflowId });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.WorkflowVersion });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)run.SubjectKey ?? DBNull.Value });
            p.Add(new NpgsqlParameter<bool> { TypedValue = run.Succeeded });
            p.Add(new NpgsqlParameter<decimal> { TypedValue = run.CostUsd });
            p.Add(new NpgsqlParameter<long> { TypedValue = run.TotalTokens });
            p.Add(new NpgsqlParameter<double> { TypedValue = run.Latency.TotalMilliseconds });
            p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = (object?)run.JudgeScore ?? DBNull.Value });
            p.Add(new NpgsqlParameter<string> { TypedValue = run.TerminationReason });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = run.StartedAt.ToUniversalTime() });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowRunRecord>> ListRunsAsync(string workflowId, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        var command = _dataSource.CreateCommand($"SELECT {RunColumns} FROM workflow_runs WHERE workflow_id = $1 AND ($2::timestamptz IS NULL OR started_at >= $2) ORDER BY started_at, run_id");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflowId });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = since is null ? DBNull.Value : since.Value.ToUniversalTime() });
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

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<List<WorkflowVersion>> ReadVersionsAsync(NpgsqlConnection connection, string workflowId, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT {VersionColumns} FROM workflow_versions WHERE workflow_id = $1 ORDER BY created_at, version", connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflowId });
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

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
#pragma warning disable CA2100 // Every statement is a constant in this class; values travel only as parameters.
        var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using (command.ConfigureAwait(false))
        {
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
