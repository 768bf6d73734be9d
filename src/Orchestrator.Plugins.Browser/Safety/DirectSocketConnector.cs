using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Connects a TCP socket to the given address; no name is resolved here.</summary>
internal sealed class DirectSocketConnector : ISocketConnector
{
    public static DirectSocketConnector Instance { get; } = new();

    public async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        Socket? socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            return stream;
        }
        finally
        {
            socket?.Dispose();
        }
    }
}
