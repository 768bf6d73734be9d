using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Resolves through the operating system's resolver (<see cref="Dns"/>), as Chromium does.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
