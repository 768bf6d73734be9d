using System.Net;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Opens the TCP connection to an address the guard checked; a seam so tests can map a test address to loopback.</summary>
internal interface ISocketConnector
{
    /// <summary>Connects to exactly <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">A checked address and the URL's port.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected stream, owning its socket.</returns>
    ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}
