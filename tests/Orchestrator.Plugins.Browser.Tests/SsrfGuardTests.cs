using System.Net;
using Orchestrator.Plugins.Browser.Safety;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class SsrfGuardTests
{
    private static readonly MapResolver Resolver = new(new()
    {
        ["public.example"] = ["93.184.216.34"],
        ["intranet.example"] = ["10.1.2.3"],
        ["mixed.example"] = ["93.184.216.34", "172.20.0.5"],
        ["ula.example"] = ["fd00::1234"],
        ["mapped.example"] = ["::ffff:127.0.0.1"],
    });

    private static SsrfGuard Guard(Action<BrowserOptions>? configure = null)
    {
        var options = new BrowserOptions();
        configure?.Invoke(options);
        return new SsrfGuard(options, Resolver);
    }

    [Theory]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("127.8.9.10", AddressClass.Loopback)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressClass.Loopback)]
    [InlineData("10.0.0.1", AddressClass.Private)]
    [InlineData("172.16.0.1", AddressClass.Private)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("192.168.0.1", AddressClass.Private)]
    [InlineData("100.64.0.1", AddressClass.Private)]
    [InlineData("fd12:3456::1", AddressClass.Private)]
    [InlineData("169.254.1.1", AddressClass.LinkLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressClass.CloudMetadata)]
    [InlineData("0.0.0.0", AddressClass.NotRoutable)]
    [InlineData("::", AddressClass.NotRoutable)]
    [InlineData("255.255.255.255", AddressClass.NotRoutable)]
    [InlineData("64:ff9b::a00:1", AddressClass.Private)]
    [InlineData("2002:7f00:1::", AddressClass.Loopback)]
    [InlineData("172.32.0.1", AddressClass.Public)]
    [InlineData("93.184.216.34", AddressClass.Public)]
    [InlineData("2606:2800:220:1::1", AddressClass.Public)]
    public void Addresses_are_classified(string address, AddressClass expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1/", "loopback")]
    [InlineData("http://[::1]:8080/", "loopback")]
    [InlineData("http://10.0.0.1/admin", "private-network")]
    [InlineData("http://[fd00::1]/", "private-network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud-metadata")]
    [InlineData("http://169.254.3.4/", "link-local")]
    [InlineData("http://intranet.example/", "private-network")]
    [InlineData("http://ula.example/", "private-network")]
    [InlineData("http://mapped.example/", "loopback")]
    [InlineData("http://mixed.example/", "private-network")]
    [InlineData("http://localhost/", "loopback")]
    [InlineData("http://2130706433/", "unusual forms")]
    [InlineData("http://0x7f000001/", "unusual forms")]
    [InlineData("http://0x7f.0.0.1/", "unusual forms")]
    [InlineData("http://0177.0.0.1/", "unusual forms")]
    [InlineData("http://127.1/", "unusual forms")]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("ftp://public.example/", "scheme 'ftp'")]
    [InlineData("javascript:alert(1)", "scheme 'javascript'")]
    [InlineData("http://user:pw@public.example/", "credentials")]
    [InlineData("http://does-not-resolve.invalid/", "does not resolve")]
    public async Task Internal_and_disguised_targets_are_refused(string url, string reason)
    {
        var verdict = await Guard().CheckAsync(url, TestContext.Current.CancellationToken);
        Assert.False(verdict.IsAllowed);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_host_is_allowed()
    {
        var verdict = await Guard().CheckAsync("https://public.example/page?q=1", TestContext.Current.CancellationToken);
        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    [Fact]
    public async Task An_explicit_private_endpoint_is_allowed_only_on_its_host_and_port()
    {
        var guard = Guard(o => o.AllowedPrivateEndpoints = ["127.0.0.1:5000"]);
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await guard.CheckAsync("http://127.0.0.1:5000/x", ct)).IsAllowed);
        Assert.False((await guard.CheckAsync("http://127.0.0.1:5001/x", ct)).IsAllowed);
        Assert.False((await guard.CheckAsync("http://localhost:5000/x", ct)).IsAllowed);
    }

    [Fact]
    public async Task Cloud_metadata_is_refused_even_when_listed_as_a_private_endpoint()
    {
        var guard = Guard(o => o.AllowedPrivateEndpoints = ["169.254.169.254:80"]);
        Assert.False((await guard.CheckAsync("http://169.254.169.254/", TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Domain_lists_cover_subdomains_and_deny_wins()
    {
        var guard = Guard(o =>
        {
            o.AllowedDomains = ["public.example", "mixed.example"];
            o.DeniedDomains = ["mixed.example"];
        });
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await guard.CheckAsync("https://public.example/", ct)).IsAllowed);
        Assert.Contains("deny list", (await guard.CheckAsync("https://mixed.example/", ct)).Reason, StringComparison.Ordinal);
        Assert.Contains("allow list", (await guard.CheckAsync("https://other.example/", ct)).Reason, StringComparison.Ordinal);
        Assert.Contains("allow list", (await guard.CheckAsync("https://notpublic.example/", ct)).Reason, StringComparison.Ordinal);
    }
}
