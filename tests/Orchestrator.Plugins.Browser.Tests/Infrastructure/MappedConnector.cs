using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>
/// Opens the browser's connections for tests. Endpoints on the explicit map (a public-looking test address) are
/// redirected to a loopback test server; loopback endpoints are connected as they are; anything else is refused
/// without a packet, so tests never send traffic anywhere but 127.0.0.1. Every endpoint asked for is logged.
/// </summary>
internal sealed class MappedConnector(IReadOnlyDictionary<IPEndPoint, IPEndPoint> map) : ISocketConnector
{
    private readonly ConcurrentQueue<IPEndPoint> _asked = new();

    public IReadOnlyList<IPEndPoint> Asked => [.. _asked];

    public ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        _asked.Enqueue(endpoint);
        if (map.TryGetValue(endpoint, out var target))
        {
            return DirectSocketConnector.Instance.ConnectAsync(target, cancellationToken);
        }

        if (IPAddress.IsLoopback(endpoint.Address))
        {
            return DirectSocketConnector.Instance.ConnectAsync(endpoint, cancellationToken);
        }

        throw new SocketException((int)SocketError.AccessDenied);
    }
}
