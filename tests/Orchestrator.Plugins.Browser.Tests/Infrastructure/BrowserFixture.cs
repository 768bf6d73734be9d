using Orchestrator.Plugins.Browser.Session;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>One Chromium process and one test site per test class; each test opens its own session (a fresh context).</summary>
public class BrowserFixture : IAsyncLifetime
{
    public TestSite Site { get; private set; } = null!;

    public BrowserHost Host { get; private set; } = null!;

    public BrowserOptions Options { get; private set; } = null!;

    public MapResolver Resolver { get; } = new(new()
    {
        ["intranet.example"] = ["10.0.0.7"],
        ["metadata.example"] = ["169.254.169.254"],
        ["mixed.example"] = ["93.184.216.34", "192.168.1.20"],
        ["ula.example"] = ["fd12:3456:789a::1"],
        ["ads.doubleclick.net"] = ["127.0.0.1"],
    });

    public async ValueTask InitializeAsync()
    {
        Site = await TestSite.StartAsync();
        Options = new BrowserOptions
        {
            // The test site is reachable only through these explicit entries.
            // ads.doubleclick.net resolves to the test site in the MapResolver and is allowed, so only tracker blocking stops it.
            AllowedPrivateEndpoints = [$"127.0.0.1:{Site.Port}", $"ads.doubleclick.net:{Site.Port}"],
            ActionTimeout = TimeSpan.FromSeconds(10),
        };
        Configure(Options);
        Host = new BrowserHost(Options, Resolver);
    }

    protected virtual void Configure(BrowserOptions options)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Site.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
