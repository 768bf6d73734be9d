using System.Net;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>Answers from a fixed table (names the tests invent) and the system resolver for everything else (localhost).</summary>
public sealed class MapResolver(Dictionary<string, string[]> table) : IHostResolver
{
    private readonly SystemHostResolver _system = new();

    public int Lookups { get; private set; }

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        Lookups++;
        return table.TryGetValue(host, out var answers)
            ? Task.FromResult<IReadOnlyList<IPAddress>>([.. answers.Select(IPAddress.Parse)])
            : _system.ResolveAsync(host, cancellationToken);
    }
}
