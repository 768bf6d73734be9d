using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Privacy;

/// <summary>
/// Known third-party tracker and ad hosts. A request to one of them is blocked unless it is first-party (same site as the
/// top-level page). Sites are compared by their last two labels: no public-suffix list ships here, so <c>a.co.uk</c> and
/// <c>b.co.uk</c> count as one site, which errs towards not blocking.
/// </summary>
internal sealed class TrackerBlocklist
{
    private static readonly string[] BuiltIn =
    [
        "doubleclick.net", "googlesyndication.com", "googleadservices.com", "google-analytics.com", "googletagmanager.com",
        "googletagservices.com", "adservice.google.com", "connect.facebook.net", "facebook.com/tr", "analytics.twitter.com",
        "ads-twitter.com", "scorecardresearch.com", "quantserve.com", "hotjar.com", "hotjar.io", "mixpanel.com",
        "segment.io", "segment.com", "amplitude.com", "fullstory.com", "criteo.com", "criteo.net", "taboola.com",
        "outbrain.com", "adnxs.com", "rubiconproject.com", "pubmatic.com", "openx.net", "casalemedia.com",
        "amazon-adsystem.com", "moatads.com", "chartbeat.com", "newrelic.com", "nr-data.net", "bat.bing.com",
        "clarity.ms", "yandex.ru/metrika", "mc.yandex.ru", "tiktok.com/i18n/pixel", "analytics.tiktok.com",
        "snap.licdn.com", "px.ads.linkedin.com", "adsrvr.org", "bluekai.com", "krxd.net", "demdex.net", "omtrdc.net",
    ];

    private readonly string[] _domains;

    public TrackerBlocklist(IEnumerable<string> extra)
    {
        _domains = [.. BuiltIn.Where(d => !d.Contains('/', StringComparison.Ordinal)), .. extra.Select(HostPatterns.Normalize)];
    }

    public bool IsBlocked(Uri request, Uri? topLevel)
    {
        var host = HostPatterns.Normalize(request.IdnHost);
        if (!HostPatterns.Matches(host, _domains))
        {
            return false;
        }

        return topLevel is null || !string.Equals(Site(host), Site(HostPatterns.Normalize(topLevel.IdnHost)), StringComparison.Ordinal);
    }

    private static string Site(string host)
    {
        var labels = host.Split('.');
        return labels.Length <= 2 ? host : string.Join('.', labels[^2..]);
    }
}
