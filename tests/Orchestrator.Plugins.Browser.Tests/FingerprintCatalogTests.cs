using Orchestrator.Plugins.Browser.Privacy;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class FingerprintCatalogTests
{
    [Fact]
    public void Every_drawn_profile_is_internally_consistent()
    {
        for (var i = 0; i < 500; i++)
        {
            var p = FingerprintCatalog.Draw(156);

            Assert.Contains("Chrome/156.0.0.0 ", p.UserAgent, StringComparison.Ordinal);
            var (os, depth, scales) = p.Platform switch
            {
                "Win32" => ("Windows NT 10.0", 24, new[] { 1.0, 1.25 }),
                "MacIntel" => ("Macintosh", 30, new[] { 1.0, 2.0 }),
                "Linux x86_64" => ("X11; Linux", 24, new[] { 1.0 }),
                _ => throw new InvalidOperationException(p.Platform),
            };
            Assert.Contains(os, p.UserAgent, StringComparison.Ordinal);
            Assert.Equal(depth, p.ColorDepth);
            Assert.Contains(p.DeviceScaleFactor, scales);
            Assert.InRange(p.ScreenWidth, 1280, 2560);
            Assert.True(p.ViewportHeight < p.ScreenHeight);
            Assert.False(p.HasTouch);

            // The time zone belongs to a country that speaks the locale's language.
            var zonePrefix = p.Locale switch
            {
                "en-US" or "en-CA" => "America/",
                "en-AU" => "Australia/",
                "ja-JP" => "Asia/Tokyo",
                _ => "Europe/",
            };
            Assert.StartsWith(zonePrefix, p.TimeZone, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_requested_locale_fixes_the_region()
    {
        var p = FingerprintCatalog.Draw(156, "de-DE");
        Assert.Equal(("de-DE", "Europe/Berlin"), (p.Locale, p.TimeZone));
    }
}
