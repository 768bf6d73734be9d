using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>
/// Builds the HTTP client that makes the browser's requests. Without a proxy, every connection goes to an address the
/// guard checked for that request (<see cref="PinnedEndpoint"/>): the name is never resolved again, so a DNS answer
/// that changes between the check and the connection (rebinding) is not used. TLS still validates the certificate
/// against the URL's host name. Redirects are never followed here; each hop goes back through the guard.
/// </summary>
internal static class PinnedHttpClientFactory
{
    /// <summary>Creates a client for one browser session (no connection is shared with another task).</summary>
    /// <param name="options">The browser options (proxy, action timeout).</param>
    /// <param name="connector">Opens the TCP connection to a checked address.</param>
    /// <returns>The client; dispose it with the session.</returns>
    public static HttpClient Create(BrowserOptions options, ISocketConnector connector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connector);
        var proxy = string.IsNullOrWhiteSpace(options.ProxyServer) ? null : new WebProxy(new Uri(options.ProxyServer));
#pragma warning disable CA2000 // The handler is owned and disposed by the HttpClient.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.ActionTimeout,

            // A body cut off at the byte limit is not drained for connection reuse: the connection is closed instead.
            MaxResponseDrainSize = 0,

            // Never a proxy from the environment (HTTP_PROXY): it would resolve and connect on the guard's behalf.
            UseProxy = proxy is not null,
            Proxy = proxy,
        };
#pragma warning restore CA2000
        if (proxy is null)
        {
            // With a proxy the connection is to the proxy, which resolves the target itself; nothing can be pinned.
            handler.ConnectCallback = (context, cancellationToken) => ConnectPinnedAsync(context, connector, cancellationToken);
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectPinnedAsync(SocketsHttpConnectionContext context, ISocketConnector connector, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        if (!context.InitialRequestMessage.Options.TryGetValue(PinnedEndpoint.OptionKey, out var pin) || !pin.Matches(endpoint.Host, endpoint.Port) || pin.Addresses.Count == 0)
        {
            throw new HttpRequestException($"No checked address for {endpoint.Host}:{endpoint.Port}; the browser connects only to addresses the guard checked.");
        }

        SocketException? last = null;
        foreach (var address in pin.Addresses)
        {
            try
            {
                return await connector.ConnectAsync(new IPEndPoint(address, pin.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw new HttpRequestException($"Could not connect to {endpoint.Host}:{endpoint.Port} at any checked address.", last);
    }
}
