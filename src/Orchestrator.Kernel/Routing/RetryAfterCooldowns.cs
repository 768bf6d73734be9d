using System.Collections.Concurrent;

namespace Orchestrator.Routing;

/// <summary>Remembers until when each provider asked (with Retry-After) not to be called.</summary>
internal sealed class RetryAfterCooldowns
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    public RetryAfterCooldowns(TimeProvider time) => _time = time;

    public void Set(string provider, TimeSpan retryAfter) =>
        _until.AddOrUpdate(provider, _time.GetUtcNow() + retryAfter, (_, existing) => Max(existing, _time.GetUtcNow() + retryAfter));

    public DateTimeOffset? Until(string provider)
    {
        if (!_until.TryGetValue(provider, out var until))
        {
            return null;
        }

        if (until > _time.GetUtcNow())
        {
            return until;
        }

        _until.TryRemove(new KeyValuePair<string, DateTimeOffset>(provider, until));
        return null;
    }

    /// <summary>
    /// Ends a cooldown the caller has just waited out. Timers may wake a tick before the clock reaches the deadline,
    /// so a request that waited must not find the provider still cooling down; a later, longer Retry-After stays.
    /// </summary>
    public void WaitedOut(string provider, DateTimeOffset until) =>
        _until.TryRemove(new KeyValuePair<string, DateTimeOffset>(provider, until));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
