using System.Globalization;
using System.Net;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>
/// Decides whether the browser may fetch a URL: scheme, domain lists, odd IP spellings, and every address the host
/// resolves to (loopback, private, link-local, cloud metadata and reserved ranges are refused unless the exact
/// <c>host:port</c> is in <see cref="BrowserOptions.AllowedPrivateEndpoints"/>; metadata never is).
/// </summary>
public sealed class SsrfGuard
{
    private readonly BrowserOptions _options;
    private readonly IHostResolver _resolver;

    /// <summary>Initializes a new instance of the <see cref="SsrfGuard"/> class.</summary>
    /// <param name="options">The browser options holding the lists.</param>
    /// <param name="resolver">The resolver whose answers are checked.</param>
    public SsrfGuard(BrowserOptions options, IHostResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        _options = options;
        _resolver = resolver;
    }

    /// <summary>Checks <paramref name="url"/> after resolving its host.</summary>
    /// <param name="url">The absolute URL as requested.</param>
    /// <param name="cancellationToken">Cancels the DNS lookup.</param>
    /// <returns>Allowed, or refused with a reason.</returns>
    public async Task<GuardVerdict> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return GuardVerdict.Refuse("not an absolute URL");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return GuardVerdict.Refuse($"scheme '{uri.Scheme}' is not allowed; only http and https are");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return GuardVerdict.Refuse("URLs with credentials are not allowed");
        }

        var raw = HostPatterns.RawHost(url);
        if (raw is null || HostPatterns.IsOddNumericHost(raw))
        {
            return GuardVerdict.Refuse("IP addresses written in unusual forms (decimal, hex, octal, shortened) are not allowed");
        }

        var host = HostPatterns.Normalize(uri.IdnHost);
        if (HostPatterns.Matches(host, _options.DeniedDomains))
        {
            return GuardVerdict.Refuse($"host '{host}' is on the deny list");
        }

        if (_options.AllowedDomains.Count > 0 && !HostPatterns.Matches(host, _options.AllowedDomains) && !IsExemptEndpoint(host, uri.Port))
        {
            return GuardVerdict.Refuse($"host '{host}' is not on the allow list");
        }

        return await CheckAddressesAsync(host, uri.Port, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GuardVerdict> CheckAddressesAsync(string host, int port, CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await _resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            return GuardVerdict.Refuse($"host '{host}' does not resolve");
        }

        var exempt = IsExemptEndpoint(host, port);

        // Every answer is checked: a name with one public and one internal address is refused, because the browser may pick either.
        foreach (var address in addresses)
        {
            var kind = AddressClassifier.Classify(address);
            if (kind == AddressClass.Public || (exempt && kind != AddressClass.CloudMetadata))
            {
                continue;
            }

            return GuardVerdict.Refuse($"host '{host}' resolves to a {Describe(kind)} address, which the browser may not reach");
        }

        return GuardVerdict.AllowAddresses(addresses);
    }

    private bool IsExemptEndpoint(string host, int port)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
        return _options.AllowedPrivateEndpoints.Exists(e => string.Equals(HostPatterns.Normalize(e), key, StringComparison.Ordinal));
    }

    private static string Describe(AddressClass kind) => kind switch
    {
        AddressClass.Loopback => "loopback",
        AddressClass.Private => "private-network",
        AddressClass.LinkLocal => "link-local",
        AddressClass.CloudMetadata => "cloud-metadata",
        _ => "reserved",
    };
}
