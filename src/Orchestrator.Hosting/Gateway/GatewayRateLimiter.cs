using System.Threading.RateLimiting;
using Orchestrator.Hosting.Gateway.Keys;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// Per-key request limits: one fixed one-minute window per key, partitioned by key id, from the rate-limiting
/// primitives ASP.NET Core's rate limiter middleware is built on (System.Threading.RateLimiting). Limits are per
/// process: N gateway processes admit up to N times a key's limit.
/// </summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<GatewayKey> _limiter;

    public GatewayRateLimiter(GatewayOptions options)
    {
        _limiter = PartitionedRateLimiter.Create<GatewayKey, string>(key =>
        {
            var limit = key.RateLimitPerMinute ?? options.DefaultRateLimitPerMinute;
            return limit <= 0
                ? RateLimitPartition.GetNoLimiter(key.Id)
                : RateLimitPartition.GetFixedWindowLimiter(key.Id, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
    }

    /// <summary>Takes one permit for the key; when refused, says how long until the window reopens.</summary>
    public bool TryAcquire(GatewayKey key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
