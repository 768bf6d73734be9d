using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orchestrator.Plugins.Observability.Sqlite;
using Orchestrator.Tools;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>The tool registry in the embedded SQLite store (<c>tool_registry</c>; apply the LLMOps migrations first).</summary>
public sealed class SqliteToolRegistryStore : IToolRegistryStore
{
    private const string Upsert =
        "INSERT INTO tool_registry (name, description, category, parameters, is_enabled, source, source_name, risk_level, cost_hint_usd, requires_approval, updated_at) " +
        "VALUES ($name, $description, $category, $parameters, $enabled, $source, $sourceName, $risk, $cost, $approval, $at) " +
        "ON CONFLICT (name) DO UPDATE SET description = excluded.description, category = excluded.category, parameters = excluded.parameters, " +
        "source = excluded.source, source_name = excluded.source_name, risk_level = excluded.risk_level, cost_hint_usd = excluded.cost_hint_usd, " +
        "requires_approval = excluded.requires_approval, updated_at = excluded.updated_at";

    private const string Select =
        "SELECT name, description, category, parameters, is_enabled, source, source_name, risk_level, cost_hint_usd, requires_approval FROM tool_registry ORDER BY name";

    private readonly string _connectionString;

    /// <summary>Initializes a new instance of the <see cref="SqliteToolRegistryStore"/> class.</summary>
    /// <param name="pathOrConnectionString">A file path or a SQLite connection string.</param>
    public SqliteToolRegistryStore(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        _connectionString = SqliteLlmOpsStore.ToConnectionString(pathOrConnectionString);
    }

    /// <inheritdoc />
    /// <remarks><c>is_enabled</c> is set only when a tool is first stored: after that it is the operator's switch.</remarks>
    public async Task UpsertAsync(IReadOnlyList<ToolDescriptor> tools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = SqliteLlmOpsStore.Iso(DateTimeOffset.UtcNow);
                foreach (var tool in tools)
                {
                    var command = new SqliteCommand(Upsert, connection, transaction);
                    await using (command.ConfigureAwait(false))
                    {
                        var p = command.Parameters;
                        p.AddWithValue("$name", tool.Name);
                        p.AddWithValue("$description", tool.Description);
                        p.AddWithValue("$category", tool.Category);
                        p.AddWithValue("$parameters", tool.JsonSchema.ValueKind == JsonValueKind.Undefined ? "{}" : tool.JsonSchema.GetRawText());
                        p.AddWithValue("$enabled", tool.IsEnabled);
                        p.AddWithValue("$source", CatalogColumns.Source(tool.Source));
                        p.AddWithValue("$sourceName", (object?)tool.SourceName ?? DBNull.Value);
                        p.AddWithValue("$risk", CatalogColumns.Risk(tool.Risk));
                        p.AddWithValue("$cost", (double)tool.CostHintUsd);
                        p.AddWithValue("$approval", tool.RequiresApproval);
                        p.AddWithValue("$at", now);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ToolDescriptor>> ListAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new SqliteCommand(Select, connection);
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
    }
}
