using System.Net;
using Orchestrator.Plugins.Browser.Session;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

/// <summary>With a proxy the connection is the proxy's: the guard still checks, but the checked address is not what is reached.</summary>
public sealed class BrowserProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_proxy_requests_go_to_the_proxy_by_name_and_not_to_the_checked_address()
    {
        // The test site doubles as an HTTP proxy: Kestrel accepts the absolute-form request a client sends to a proxy.
        await using var proxy = await TestSite.StartAsync();
        proxy.Html("/page", "<p>through the proxy</p>");
        var resolver = new MapResolver(new() { ["proxied.example"] = ["93.184.216.34"], ["internal.example"] = ["10.0.0.7"] });
        var connector = new MappedConnector(new Dictionary<IPEndPoint, IPEndPoint>());
        var options = new BrowserOptions { ProxyServer = proxy.Origin, ActionTimeout = TimeSpan.FromSeconds(10) };
        await using var host = new BrowserHost(options, resolver, null, connector);
        await using var session = await host.NewSessionAsync(Ct);

        var status = await session.NavigateAsync("http://proxied.example/page", Ct);
        var refused = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync("http://internal.example/page", Ct));

        Assert.Equal(200, status);
        Assert.Contains("through the proxy", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("proxied.example", proxy.Requests.Single(r => r.Path == "/page").Host);
        Assert.Empty(connector.Asked);
        Assert.Contains("private-network", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Requests, r => r.Host == "internal.example");
    }
}
