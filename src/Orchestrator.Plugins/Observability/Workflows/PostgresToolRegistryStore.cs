using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Tools;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>The tool registry in PostgreSQL (<c>tool_registry</c>; apply the LLMOps migrations first).</summary>
public sealed class PostgresToolRegistryStore : IToolRegistryStore, IAsyncDisposable
{
    private const string Upsert =
        "INSERT INTO tool_registry (name, description, category, parameters, is_enabled, source, source_name, risk_level, cost_hint_usd, requires_approval, updated_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) " +
        "ON CONFLICT (name) DO UPDATE SET description = excluded.description, category = excluded.category, parameters = excluded.parameters, " +
        "source = excluded.source, source_name = excluded.source_name, risk_level = excluded.risk_level, cost_hint_usd = excluded.cost_hint_usd, " +
        "requires_approval = excluded.requires_approval, updated_at = now()";

    private const string Select =
        "SELECT name, description, category, parameters::text, is_enabled, source, source_name, risk_level, cost_hint_usd, requires_approval FROM tool_registry ORDER BY name";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgresToolRegistryStore"/> class.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresToolRegistryStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    /// <remarks><c>is_enabled</c> is set only when a tool is first stored: after that it is the operator's switch.</remarks>
    public async Task UpsertAsync(IReadOnlyList<ToolDescriptor> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                foreach (var tool in tools)
                {
                    var command = new NpgsqlBatchCommand(Upsert);
                    command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = tool.Name });
                    command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = tool.Description });
                    command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = tool.Category });
                    command.Parameters.Add(new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = tool.JsonSchema.ValueKind == JsonValueKind.Undefined ? "{}" : tool.JsonSchema.GetRawText() });
                    command.Parameters.Add(new NpgsqlParameter<bool>() { TypedValue = tool.IsEnabled });
                    command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = CatalogColumns.Source(tool.Source) });
                    command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)tool.SourceName ?? DBNull.Value });
                    command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = CatalogColumns.Risk(tool.Risk) });
                    command.Parameters.Add(new NpgsqlParameter<decimal>() { TypedValue = tool.CostHintUsd });
                    command.Parameters.Add(new NpgsqlParameter<bool>() { TypedValue = tool.RequiresApproval });
                    batch.BatchCommands.Add(command);
                }

                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ToolDescriptor>> ListAsync(CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand(Select);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var tools = new List<ToolDescriptor>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tools.Add(CatalogColumns.ReadTool(reader));
                }

                return tools;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
