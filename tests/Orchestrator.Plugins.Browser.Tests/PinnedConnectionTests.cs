using System.Net;
using Orchestrator.Plugins.Browser.Safety;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

/// <summary>The route's HTTP client connects only to addresses the guard checked, whatever the name resolves to later.</summary>
public sealed class PinnedConnectionTests : IAsyncLifetime
{
    private static readonly IPAddress PublicLooking = IPAddress.Parse("93.184.216.34");
    private TestSite _checked = null!;
    private TestSite _internal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _checked = await TestSite.StartAsync();
        _internal = await TestSite.StartAsync();
        _checked.Content("/page", "text/plain", "from the checked address");
        _internal.Content("/page", "text/plain", "internal");
    }

    public async ValueTask DisposeAsync()
    {
        await _checked.DisposeAsync();
        await _internal.DisposeAsync();
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_the_check_is_fetched_from_the_checked_address_only()
    {
        // The URL's port is the internal server's: a connection to the second answer (127.0.0.1) would land there.
        var port = _internal.Port;
        var resolver = new RebindingResolver("rebind.example", "93.184.216.34", "127.0.0.1");
        var connector = MapPublicLookingTo(port, _checked.Port);
        var options = new BrowserOptions();
        var url = new Uri($"http://rebind.example:{port}/page");
        using var http = PinnedHttpClientFactory.Create(options, connector);

        var verdict = await new SsrfGuard(options, resolver).CheckAsync(url.AbsoluteUri, Ct);
        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("127.0.0.1", (await resolver.ResolveAsync("rebind.example", Ct)).Single().ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(PinnedEndpoint.OptionKey, PinnedEndpoint.For(url, verdict));
        using var response = await http.SendAsync(request, Ct);

        Assert.Equal("from the checked address", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal([new IPEndPoint(PublicLooking, port)], connector.Asked);
        Assert.Equal($"rebind.example:{port}", _checked.Requests.Single().Host);
        Assert.Empty(_internal.Requests);
    }

    [Fact]
    public async Task A_request_without_checked_addresses_is_never_connected()
    {
        var connector = MapPublicLookingTo(_internal.Port, _checked.Port);
        using var http = PinnedHttpClientFactory.Create(new BrowserOptions(), connector);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{_internal.Port}/page", Ct));

        Assert.Empty(connector.Asked);
        Assert.Empty(_internal.Requests);
    }

    [Fact]
    public async Task Addresses_checked_for_another_host_are_not_used()
    {
        var connector = MapPublicLookingTo(_internal.Port, _checked.Port);
        using var http = PinnedHttpClientFactory.Create(new BrowserOptions(), connector);
        var checkedUrl = new Uri($"http://public.example:{_internal.Port}/");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_internal.Port}/page");
        request.Options.Set(PinnedEndpoint.OptionKey, PinnedEndpoint.For(checkedUrl, GuardVerdict.AllowAddresses([IPAddress.Loopback])));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request, Ct));

        Assert.Empty(connector.Asked);
        Assert.Empty(_internal.Requests);
    }

    private static MappedConnector MapPublicLookingTo(int port, int loopbackPort) =>
        new(new Dictionary<IPEndPoint, IPEndPoint> { [new IPEndPoint(PublicLooking, port)] = new IPEndPoint(IPAddress.Loopback, loopbackPort) });
}
