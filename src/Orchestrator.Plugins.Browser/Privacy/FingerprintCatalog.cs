using System.Security.Cryptography;

namespace Orchestrator.Plugins.Browser.Privacy;

/// <summary>
/// Draws a <see cref="FingerprintProfile"/> per browser context from common desktop configurations. The user agent
/// names the real engine's major version, so features a site probes match the version it is told.
/// </summary>
public static class FingerprintCatalog
{
    private static readonly (string Os, string Platform, (int W, int H, double Scale)[] Screens, bool Touch)[] Systems =
    [
        ("Windows NT 10.0; Win64; x64", "Win32", [(1920, 1080, 1), (1366, 768, 1), (1536, 864, 1.25), (2560, 1440, 1), (1920, 1080, 1.25)], false),
        ("Macintosh; Intel Mac OS X 10_15_7", "MacIntel", [(1440, 900, 2), (1512, 982, 2), (1728, 1117, 2), (1920, 1080, 1)], false),
        ("X11; Linux x86_64", "Linux x86_64", [(1920, 1080, 1), (2560, 1440, 1)], false),
    ];

    private static readonly (string Locale, string TimeZone)[] Regions =
    [
        ("en-US", "America/New_York"), ("en-US", "America/Chicago"), ("en-US", "America/Los_Angeles"),
        ("en-GB", "Europe/London"), ("de-DE", "Europe/Berlin"), ("fr-FR", "Europe/Paris"),
        ("es-ES", "Europe/Madrid"), ("it-IT", "Europe/Rome"), ("nl-NL", "Europe/Amsterdam"),
        ("en-CA", "America/Toronto"), ("en-AU", "Australia/Sydney"), ("ja-JP", "Asia/Tokyo"),
    ];

    /// <summary>Draws a profile at random (cryptographic randomness: draws must not be predictable across tasks).</summary>
    /// <param name="engineMajorVersion">The running browser's major version, named in the user agent.</param>
    /// <param name="locale">Forces the region to the one of this locale, when given.</param>
    /// <returns>A consistent profile.</returns>
    public static FingerprintProfile Draw(int engineMajorVersion, string? locale = null)
    {
        var system = Systems[RandomNumberGenerator.GetInt32(Systems.Length)];
        var screen = system.Screens[RandomNumberGenerator.GetInt32(system.Screens.Length)];
        var regions = locale is null ? Regions : Array.FindAll(Regions, r => string.Equals(r.Locale, locale, StringComparison.OrdinalIgnoreCase));
        var region = regions.Length == 0 ? Regions[0] : regions[RandomNumberGenerator.GetInt32(regions.Length)];
        return new FingerprintProfile
        {
            // Chrome's reduced user agent: the minor version is always 0.0.0 on every platform.
            UserAgent = $"Mozilla/5.0 ({system.Os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{engineMajorVersion}.0.0.0 Safari/537.36",
            Platform = system.Platform,
            ScreenWidth = screen.W,
            ScreenHeight = screen.H,
            ColorDepth = system.Platform == "MacIntel" ? 30 : 24,
            DeviceScaleFactor = screen.Scale,
            HasTouch = system.Touch,
            ColorScheme = RandomNumberGenerator.GetInt32(4) == 0 ? "dark" : "light",
            Locale = region.Locale,
            TimeZone = region.TimeZone,
        };
    }
}
