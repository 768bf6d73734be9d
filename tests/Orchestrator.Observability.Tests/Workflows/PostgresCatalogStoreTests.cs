using Npgsql;
using Orchestrator.Observability.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Workflows;
using Orchestrator.Tools;
using Orchestrator.Workflows;

namespace Orchestrator.Observability.Tests.Workflows;

[Collection(PostgresCollection.Name)]
public sealed class PostgresCatalogStoreTests(SharedPostgres postgres) : CatalogStoreConformance, IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _stores = [];
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<(IToolRegistryStore Tools, IWorkflowStore Workflows)> CreateAsync()
    {
        _connectionString = await postgres.Cluster.CreateDatabaseAsync("catalog");
        await LlmOpsSchema.MigratePostgresAsync(_connectionString, cancellationToken: Ct);
        var tools = new PostgresToolRegistryStore(_connectionString);
        var workflows = new PostgresWorkflowStore(_connectionString);
        _stores.Add(tools);
        _stores.Add(workflows);
        return (tools, workflows);
    }

    protected override async Task DisableAsync(string tool)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("UPDATE tool_registry SET is_enabled = false WHERE name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tool });
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }
}
