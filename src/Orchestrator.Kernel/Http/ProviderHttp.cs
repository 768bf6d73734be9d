using System.Net;

namespace Orchestrator.Http;

/// <summary>Creates the HttpClient that provider SDKs are given, so every provider shares one transport policy.</summary>
public static class ProviderHttp
{
    /// <summary>Creates an HttpClient for one provider: pooled connections, no client-level timeout (Orchestrator enforces per-attempt limits), and error capture.</summary>
    /// <param name="baseAddress">The provider's endpoint, or <see langword="null"/>.</param>
    /// <returns>A client the caller owns.</returns>
    public static HttpClient CreateClient(Uri? baseAddress) => CreateClient(baseAddress, DecompressionMethods.All);

    /// <summary>
    /// Creates an HttpClient for one provider with the given automatic decompression. <see cref="DecompressionMethods.None"/>
    /// sends no <c>Accept-Encoding</c> and leaves a response's content coding to the caller; it saves the work the
    /// decompression stage does on every request (parsing and adding <c>Accept-Encoding</c>, reading
    /// <c>Content-Encoding</c>), which a small JSON answer gains nothing from.
    /// </summary>
    /// <param name="baseAddress">The provider's endpoint, or <see langword="null"/>.</param>
    /// <param name="decompression">The content codings to ask for and decode.</param>
    /// <returns>A client the caller owns.</returns>
    public static HttpClient CreateClient(Uri? baseAddress, DecompressionMethods decompression)
    {
#pragma warning disable CA2000 // The handler chain is owned and disposed by the HttpClient.
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = decompression,
        };
        return new HttpClient(new ProviderHttpHandler(sockets), disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
    }
}
