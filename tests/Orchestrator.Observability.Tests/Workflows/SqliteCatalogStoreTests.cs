using Microsoft.Data.Sqlite;
using Orchestrator.Plugins.Observability;
using Orchestrator.Plugins.Observability.Workflows;
using Orchestrator.Tools;
using Orchestrator.Workflows;

namespace Orchestrator.Observability.Tests.Workflows;

public sealed class SqliteCatalogStoreTests : CatalogStoreConformance, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-catalog-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    protected override async Task<(IToolRegistryStore Tools, IWorkflowStore Workflows)> CreateAsync()
    {
        await LlmOpsSchema.MigrateSqliteAsync(_path, cancellationToken: Ct);
        return (new SqliteToolRegistryStore(_path), new SqliteWorkflowStore(_path));
    }

    protected override async Task DisableAsync(string tool)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(Ct);
        await using var command = new SqliteCommand("UPDATE tool_registry SET is_enabled = 0 WHERE name = $n", connection);
        command.Parameters.AddWithValue("$n", tool);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }
}
