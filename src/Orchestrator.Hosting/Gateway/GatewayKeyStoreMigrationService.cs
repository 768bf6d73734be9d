using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orchestrator.Hosting.Gateway.Keys;

namespace Orchestrator.Hosting.Gateway;

/// <summary>Applies the key store's migrations when the host starts (Evolve's lock lets several processes start at once).</summary>
internal sealed class GatewayKeyStoreMigrationService : IHostedService
{
    private readonly IGatewayKeyStore _store;
    private readonly IOptions<GatewayOptions> _options;

    public GatewayKeyStoreMigrationService(IGatewayKeyStore store, IOptions<GatewayOptions> options)
    {
        _store = store;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _options.Value.MigrateOnStart ? _store.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
