using System.Net;
using Orchestrator.Plugins.Browser.Session;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

/// <summary>DNS rebinding through the whole browser: the name turns to loopback right after the route checked it.</summary>
public sealed class BrowserRebindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_whose_name_rebinds_to_loopback_is_loaded_from_the_checked_address_and_nothing_reaches_loopback()
    {
        await using var checkedSite = await TestSite.StartAsync();
        await using var internalSite = await TestSite.StartAsync();
        checkedSite.Html("/start", "<p>checked page</p><script>window.r = fetch('/data').then(r => r.text(), e => 'refused');</script>");
        internalSite.Html("/start", "<p>internal page</p>");
        internalSite.Content("/data", "text/plain", "internal data");

        // Two checks pass (NavigateAsync's and the route's); every later lookup answers 127.0.0.1, with the URL's port
        // being the internal server's, so a connection made from a fresh lookup would land on it.
        var port = internalSite.Port;
        var resolver = new RebindingResolver("rebind.example", "93.184.216.34", "93.184.216.34", "127.0.0.1");
        var connector = new MappedConnector(new Dictionary<IPEndPoint, IPEndPoint>
        {
            [new IPEndPoint(IPAddress.Parse("93.184.216.34"), port)] = new IPEndPoint(IPAddress.Loopback, checkedSite.Port),
        });
        await using var host = new BrowserHost(new BrowserOptions { ActionTimeout = TimeSpan.FromSeconds(10) }, resolver, null, connector);
        await using var session = await host.NewSessionAsync(Ct);

        var status = await session.NavigateAsync($"http://rebind.example:{port}/start", Ct);
        var fetched = await session.EvaluateAsync<string>("() => window.r", Ct);

        Assert.Equal(200, status);
        Assert.Contains("checked page", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("refused", fetched);
        Assert.Contains("127.0.0.1", resolver.Given);
        Assert.Contains(session.BlockedRequests, b => b.Url.EndsWith("/data", StringComparison.Ordinal) && b.Reason.Contains("loopback", StringComparison.Ordinal));
        Assert.All(connector.Asked, e => Assert.Equal(IPAddress.Parse("93.184.216.34"), e.Address));
        Assert.True(checkedSite.Saw("/start"));
        Assert.Empty(internalSite.Requests);
    }
}
