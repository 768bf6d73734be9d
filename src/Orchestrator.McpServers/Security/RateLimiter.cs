using ModelContextProtocol;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// A sliding one-minute window per operation class (reads, writes, log, diff...). Limits are process-wide,
/// not per client, so that opening many sessions does not multiply the budget.
/// </summary>
internal sealed class RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public RateLimiter(TimeProvider time) => _time = time;

    /// <summary>Takes one permit from <paramref name="operation"/>'s window or throws the error the client sees.</summary>
    /// <param name="operation">The operation class, e.g. "read".</param>
    /// <param name="perMinute">The limit; zero or less disables it.</param>
    public void Acquire(string operation, int perMinute)
    {
        if (perMinute <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(operation, out var stamps))
            {
                stamps = new Queue<DateTimeOffset>();
                _windows[operation] = stamps;
            }

            while (stamps.Count > 0 && now - stamps.Peek() >= Window)
            {
                stamps.Dequeue();
            }

            if (stamps.Count >= perMinute)
            {
                var retryAfter = Window - (now - stamps.Peek());
                throw new McpException(
                    $"Rate limit exceeded: at most {perMinute} {operation} operations per minute. Retry in {Math.Ceiling(retryAfter.TotalSeconds)} s.");
            }

            stamps.Enqueue(now);
        }
    }
}
