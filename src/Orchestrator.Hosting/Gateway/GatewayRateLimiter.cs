using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Orchestrator.Hosting.Gateway.Keys;
using StackExchange.Redis;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// Per-key request limits: a fixed one-minute window per key. With <see cref="GatewayOptions.Redis"/> set the window
/// is one Redis counter per key shared by every gateway process (one round trip per limited request; the refusal's
/// Retry-After is the counter's remaining lifetime). Without Redis, or while it does not answer, each process keeps its
/// own windows with the rate-limiting primitives ASP.NET Core's limiter is built on (System.Threading.RateLimiting):
/// N processes then admit up to N times a key's limit. Keys without a limit cost nothing.
/// </summary>
internal sealed partial class GatewayRateLimiter : IDisposable
{
    // INCR the key's window; the first request of a window starts its one-minute life. Returns the count, or the
    // negated milliseconds until the window ends when the count is over the limit.
    private const string WindowScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        if n > tonumber(ARGV[2]) then
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return -ttl
        end
        return n
        """;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<GatewayKey> _local;
    private readonly GatewayRevocationBus? _redis;
    private readonly int _defaultLimit;
    private readonly ILogger _logger;

    public GatewayRateLimiter(GatewayOptions options, GatewayRevocationBus? redis, ILogger logger)
    {
        _defaultLimit = options.DefaultRateLimitPerMinute;
        _redis = redis;
        _logger = logger;
        _local = PartitionedRateLimiter.Create<GatewayKey, string>(key =>
        {
            var limit = LimitOf(key);
            return limit <= 0
                ? RateLimitPartition.GetNoLimiter(key.Id)
                : RateLimitPartition.GetFixedWindowLimiter(key.Id, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
    }

    /// <summary>Takes one permit for the key; when refused, <c>RetryAfter</c> says how long until the window reopens.</summary>
    public async ValueTask<(bool Acquired, TimeSpan RetryAfter)> TryAcquireAsync(GatewayKey key, CancellationToken cancellationToken)
    {
        var limit = LimitOf(key);
        if (limit > 0 && _redis?.Database is { } database)
        {
            try
            {
                var result = (long)await database.ScriptEvaluateAsync(
                    WindowScript,
                    [new RedisKey($"orchestrator:gateway:rate:{key.Id}")],
                    [(long)Window.TotalMilliseconds, limit]).WaitAsync(cancellationToken).ConfigureAwait(false);
                return result > 0 ? (true, TimeSpan.Zero) : (false, TimeSpan.FromMilliseconds(-result));
            }
            catch (RedisException ex)
            {
                // A rate limit protects capacity, not money (budgets fail closed): fall back to this process's window.
                LogRedisUnavailable(_logger, ex.Message);
            }
        }

        using var lease = _local.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window);
    }

    public void Dispose() => _local.Dispose();

    private int LimitOf(GatewayKey key) => key.RateLimitPerMinute ?? _defaultLimit;

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "The shared rate limit in Redis is unavailable ({Error}); this process applies the key's limit on its own.")]
    private static partial void LogRedisUnavailable(ILogger logger, string error);
}
