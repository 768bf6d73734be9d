namespace Orchestrator.Plugins.Browser.Privacy;

/// <summary>
/// One browser identity presented to sites: hardware, operating system and region drawn from common real configurations,
/// consistent with each other (a Windows user agent reports a Windows platform, a Berlin time zone comes with German).
/// </summary>
public sealed record FingerprintProfile
{
    /// <summary>Gets the User-Agent header and <c>navigator.userAgent</c>.</summary>
    public required string UserAgent { get; init; }

    /// <summary>Gets <c>navigator.platform</c>, matching the user agent's operating system.</summary>
    public required string Platform { get; init; }

    /// <summary>Gets the screen width in CSS pixels.</summary>
    public required int ScreenWidth { get; init; }

    /// <summary>Gets the screen height in CSS pixels.</summary>
    public required int ScreenHeight { get; init; }

    /// <summary>Gets the viewport width (the screen minus nothing: a maximised window's content area is close enough at this size).</summary>
    public int ViewportWidth => ScreenWidth;

    /// <summary>Gets the viewport height (the screen minus browser chrome and task bar).</summary>
    public int ViewportHeight => ScreenHeight - 140;

    /// <summary>Gets <c>screen.colorDepth</c>.</summary>
    public required int ColorDepth { get; init; }

    /// <summary>Gets <c>window.devicePixelRatio</c>.</summary>
    public required double DeviceScaleFactor { get; init; }

    /// <summary>Gets a value indicating whether the device reports touch points.</summary>
    public required bool HasTouch { get; init; }

    /// <summary>Gets the preferred colour scheme: <c>light</c> or <c>dark</c>.</summary>
    public required string ColorScheme { get; init; }

    /// <summary>Gets the BCP 47 locale (<c>navigator.language</c>, Accept-Language).</summary>
    public required string Locale { get; init; }

    /// <summary>Gets the IANA time zone, consistent with <see cref="Locale"/>.</summary>
    public required string TimeZone { get; init; }
}
