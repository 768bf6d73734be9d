namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Matching of host names against domain lists, where <c>example.com</c> covers its subdomains.</summary>
internal static class HostPatterns
{
#pragma warning disable CA1308 // Host names are compared in lower case, the form URLs and browsers canonicalize them to.
    public static string Normalize(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    public static bool Matches(string host, IEnumerable<string> domains)
    {
        foreach (var raw in domains)
        {
            var domain = Normalize(raw).TrimStart('*').TrimStart('.');
            if (domain.Length > 0 && (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host as written in the URL, before any canonicalization, or null when there is none.</summary>
    public static string? RawHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = url[(start + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#', '\\']);
        var authority = end < 0 ? rest : rest[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    /// <summary>
    /// True for numeric hosts that are not a plain dotted quad: <c>2130706433</c>, <c>0x7f.1</c>, <c>0177.0.0.1</c>, <c>127.1</c>.
    /// Browsers read these as IP addresses; allow-lists and humans read them as names, which is how they slip past filters.
    /// </summary>
    public static bool IsOddNumericHost(string rawHost)
    {
        var host = rawHost.TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0 || host.StartsWith('['))
        {
            return false;
        }

        var labels = host.Split('.');
        var last = labels[^1];
        var numericLast = last.Length > 0 && (last.All(char.IsAsciiDigit) || (last.StartsWith("0x", StringComparison.Ordinal) && last[2..].All(char.IsAsciiHexDigit)));
        if (!numericLast)
        {
            return false;
        }

        var canonical = labels.Length == 4 && labels.All(l => l.Length is > 0 and <= 3 && l.All(char.IsAsciiDigit) && (l == "0" || l[0] != '0') && int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) <= 255);
        return !canonical;
    }
#pragma warning restore CA1308
}
