using System.Net;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Resolves a host name to the addresses the SSRF guard checks. Replace it to test or to use a dedicated resolver.</summary>
public interface IHostResolver
{
    /// <summary>Resolves <paramref name="host"/> to its addresses.</summary>
    /// <param name="host">A DNS name (never an IP literal).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Every address the name resolves to; empty when it does not resolve.</returns>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default);
}
