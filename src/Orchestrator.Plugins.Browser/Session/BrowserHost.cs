using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Orchestrator.Plugins.Browser.Privacy;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Session;

/// <summary>
/// One browser process, launched on first use and shared; every task gets its own ephemeral, guarded
/// <see cref="BrowserSession"/> (a fresh context: no storage, no cookies survive it).
/// </summary>
public sealed class BrowserHost : IAsyncDisposable
{
    private static readonly string[] BaseArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-blink-features=AutomationControlled",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        "--disable-features=WebRtcHideLocalIpsWithMdns,InterestFeedContentSuggestions,OptimizationHints,MediaRouter",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only", "--no-pings",
        "--dns-prefetch-disable",
    ];

    private readonly BrowserOptions _options;
    private readonly SsrfGuard _guard;
    private readonly TrackerBlocklist _trackers;
    private readonly ISocketConnector _connector;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Initializes a new instance of the <see cref="BrowserHost"/> class.</summary>
    /// <param name="options">The browser options.</param>
    /// <param name="resolver">The resolver the SSRF guard checks; <see cref="SystemHostResolver"/> when null.</param>
    /// <param name="logger">The logger.</param>
    public BrowserHost(BrowserOptions options, IHostResolver? resolver = null, ILogger<BrowserHost>? logger = null)
        : this(options, resolver, logger, DirectSocketConnector.Instance)
    {
    }

    /// <summary>Initializes a new instance with the connector that opens TCP connections to checked addresses (tests map addresses with it).</summary>
    internal BrowserHost(BrowserOptions options, IHostResolver? resolver, ILogger<BrowserHost>? logger, ISocketConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _connector = connector;
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _guard = new SsrfGuard(options, resolver ?? new SystemHostResolver());
        _trackers = new TrackerBlocklist(options.ExtraTrackerDomains);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the guard every request passes.</summary>
    public SsrfGuard Guard => _guard;

    /// <summary>Opens a fresh, guarded context with a newly drawn fingerprint.</summary>
    /// <param name="cancellationToken">Cancels the launch; the session's own time limit starts now.</param>
    /// <returns>The session; dispose it to discard everything the task touched.</returns>
    public async Task<BrowserSession> NewSessionAsync(CancellationToken cancellationToken = default)
    {
        var browser = await EnsureBrowserAsync(cancellationToken).ConfigureAwait(false);
        var major = int.TryParse(browser.Version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 130;
        var profile = FingerprintCatalog.Draw(major);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            UserAgent = profile.UserAgent,
            ViewportSize = new ViewportSize { Width = profile.ViewportWidth, Height = profile.ViewportHeight },
            ScreenSize = new ScreenSize { Width = profile.ScreenWidth, Height = profile.ScreenHeight },
            DeviceScaleFactor = (float)profile.DeviceScaleFactor,
            HasTouch = profile.HasTouch,
            IsMobile = false,
            ColorScheme = profile.ColorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            Locale = profile.Locale,
            TimezoneId = profile.TimeZone,
            AcceptDownloads = _options.AllowDownloads,

            // Service workers fetch outside request interception, so they would bypass the guard.
            ServiceWorkers = ServiceWorkerPolicy.Block,
            Permissions = [],
            Geolocation = null,
            Proxy = string.IsNullOrWhiteSpace(_options.ProxyServer) ? null : new Proxy { Server = _options.ProxyServer },
        }).ConfigureAwait(false);
        BrowserLog.ContextOpened(_logger, profile.Platform, profile.ScreenWidth, profile.ScreenHeight, profile.Locale, profile.TimeZone);
        try
        {
            return await BrowserSession.OpenAsync(context, profile, _options, _guard, _trackers, _connector, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await context.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync().ConfigureAwait(false);
        }

        _playwright?.Dispose();
        _launch.Dispose();
    }

    private async Task<IBrowser> EnsureBrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is not null)
        {
            return _browser;
        }

        await _launch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_browser is null)
            {
                // Playwright never downloads browsers at run time; the variable also keeps any tooling from trying.
                Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
                _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
                var type = _options.Engine.ToUpperInvariant() switch
                {
                    "FIREFOX" => _playwright.Firefox,
                    "WEBKIT" => _playwright.Webkit,
                    _ => _playwright.Chromium,
                };
                var chromium = type == _playwright.Chromium;
                _browser = await type.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = string.IsNullOrWhiteSpace(_options.ExecutablePath) ? null : _options.ExecutablePath,
                    Headless = _options.Headless,
                    Args = chromium ? [.. BaseArguments, .. _options.ExtraArguments] : [.. _options.ExtraArguments],
                    IgnoreDefaultArgs = chromium ? ["--enable-automation"] : null,
                    Proxy = string.IsNullOrWhiteSpace(_options.ProxyServer) ? null : new Proxy { Server = _options.ProxyServer },
                }).ConfigureAwait(false);
                BrowserLog.Launched(_logger, _options.Engine, _browser.Version);
            }

            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }
}
