using System.Net;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>The host and port of one request and the addresses the guard checked for it; the only addresses it may reach.</summary>
/// <param name="Host">The URL's host (IDN form, no brackets).</param>
/// <param name="Port">The URL's port.</param>
/// <param name="Addresses">The checked addresses.</param>
internal sealed record PinnedEndpoint(string Host, int Port, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>The request option a <see cref="PinnedHttpClientFactory"/> connection reads its pin from.</summary>
    public static readonly HttpRequestOptionsKey<PinnedEndpoint> OptionKey = new("Orchestrator.Browser.PinnedEndpoint");

    /// <summary>Gets the pin for <paramref name="uri"/> from an allowed verdict.</summary>
    /// <param name="uri">The URL the verdict is for.</param>
    /// <param name="verdict">The guard's allowed verdict.</param>
    /// <returns>The pin.</returns>
    public static PinnedEndpoint For(Uri uri, GuardVerdict verdict) => new(Unbracket(uri.IdnHost), uri.Port, verdict.Addresses);

    /// <summary>Gets whether a connection to <paramref name="host"/>:<paramref name="port"/> is the one this pin is for.</summary>
    /// <param name="host">The host the connection pool asks for.</param>
    /// <param name="port">Its port.</param>
    /// <returns><see langword="true"/> when host and port match.</returns>
    public bool Matches(string host, int port) =>
        port == Port && string.Equals(Unbracket(host), Host, StringComparison.OrdinalIgnoreCase);

    private static string Unbracket(string host) => host.TrimStart('[').TrimEnd(']');
}
