using System.Collections.Concurrent;
using System.Net;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>
/// A hostile DNS server in miniature: each lookup of a name gets the next answer of its script, and the last answer
/// repeats. Other names go to the system resolver.
/// </summary>
public sealed class RebindingResolver(string scriptedHost, params string[] answers) : IHostResolver
{
    private readonly ConcurrentQueue<string> _given = new();
    private int _calls;

    /// <summary>Gets the answers handed out for the scripted name, in order.</summary>
    public IReadOnlyList<string> Given => [.. _given];

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(host, scriptedHost, StringComparison.OrdinalIgnoreCase))
        {
            return new SystemHostResolver().ResolveAsync(host, cancellationToken);
        }

        var call = Interlocked.Increment(ref _calls) - 1;
        var answer = answers[Math.Min(call, answers.Length - 1)];
        _given.Enqueue(answer);
        return Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse(answer)]);
    }
}
