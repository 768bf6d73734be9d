using Microsoft.Extensions.Options;
using Orchestrator.Budgets;
using StackExchange.Redis;

namespace Orchestrator.Plugins.Budgets.Redis;

/// <summary>
/// The budget ledger's own Redis connection, owned by the container. It never aborts on a failed connect: an
/// unreachable Redis surfaces per call as <see cref="BudgetUnavailableException"/> (fail closed), and reconnects.
/// </summary>
internal sealed class BudgetRedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    public BudgetRedisConnection(IOptions<BudgetOptions> options)
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Redis!);
        configuration.AbortOnConnectFail = false;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    public IConnectionMultiplexer Connection => _connection.Value;

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
