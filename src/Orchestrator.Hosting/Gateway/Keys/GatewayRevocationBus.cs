using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>
/// Pushes revocations to every gateway process over Redis pub/sub when <see cref="GatewayOptions.Redis"/> is set, so a
/// key revoked anywhere is refused everywhere at once. Without Redis (or while it is down) the key cache's bound,
/// <see cref="GatewayOptions.KeyCacheSeconds"/>, still applies.
/// </summary>
internal sealed partial class GatewayRevocationBus : IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("orchestrator:gateway:revoked");
    private readonly GatewayKeyResolver _keys;
    private readonly string? _redis;
    private readonly ILogger _logger;
    private ConnectionMultiplexer? _connection;

    public GatewayRevocationBus(GatewayKeyResolver keys, GatewayOptions options, ILogger logger)
    {
        _keys = keys;
        _redis = string.IsNullOrWhiteSpace(options.Redis) ? null : options.Redis;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }

        var configuration = ConfigurationOptions.Parse(_redis);
        configuration.AbortOnConnectFail = false;
        _connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        await _connection.GetSubscriber().SubscribeAsync(Channel, (_, hash) => _keys.Evict(hash.ToString())).ConfigureAwait(false);
    }

    /// <summary>Gets the shared Redis database once connected (also used for the shared rate limit), else <see langword="null"/>.</summary>
    public IDatabase? Database => _connection is { IsConnected: true } connection ? connection.GetDatabase() : null;

    /// <summary>Tells every process to forget a revoked key now; a failure only leaves the cache bound in force.</summary>
    public async Task PublishAsync(string secretHash)
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            await _connection.GetSubscriber().PublishAsync(Channel, secretHash).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            LogPublishFailed(_logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _connection?.Dispose();

    [LoggerMessage(EventId = 4212, Level = LogLevel.Warning, Message = "Could not publish a key revocation to Redis ({Error}); other gateway processes refuse the key within KeyCacheSeconds.")]
    private static partial void LogPublishFailed(ILogger logger, string error);
}
