namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>One cluster for every test class that does not stop its server; each class gets its own database.</summary>
public sealed class SharedPostgres : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async ValueTask InitializeAsync() => _cluster = await PostgresCluster.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
