using Microsoft.AspNetCore.Http;
using Orchestrator.Plugins.Browser.Session;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class BrowserSafetyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://10.0.0.7/", "private-network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud-metadata")]
    [InlineData("http://169.254.10.10/", "link-local")]
    [InlineData("http://[fd12::1]/", "private-network")]
    [InlineData("http://intranet.example/", "private-network")]
    [InlineData("http://metadata.example/", "cloud-metadata")]
    [InlineData("http://mixed.example/", "private-network")]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("http://2130706433/", "unusual forms")]
    public async Task Navigation_to_an_internal_address_is_refused_before_any_connection(string url, string reason)
    {
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        var ex = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync(url, Ct));
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.Equal("about:blank", session.Url);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_although_the_server_listens_there()
    {
        var path = "/loopback-by-name-" + Guid.NewGuid().ToString("N");
        fixture.Site.Html(path, "<p>secret</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var ex = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync($"http://localhost:{fixture.Site.Port}{path}", Ct));

        Assert.Contains("loopback", ex.Reason, StringComparison.Ordinal);
        Assert.False(fixture.Site.Saw(path));
    }

    [Fact]
    public async Task A_redirect_to_a_loopback_name_is_refused_and_never_reaches_the_server()
    {
        var secret = "/secret-" + Guid.NewGuid().ToString("N");
        fixture.Site.Html(secret, "<p>internal</p>");
        fixture.Site.Redirect("/hop", $"http://localhost:{fixture.Site.Port}{secret}");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var ex = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync($"{fixture.Site.Origin}/hop", Ct));

        Assert.StartsWith("http://localhost:", ex.Url, StringComparison.Ordinal);
        Assert.True(fixture.Site.Saw("/hop"));
        Assert.False(fixture.Site.Saw(secret));
    }

    [Fact]
    public async Task A_redirect_to_cloud_metadata_is_refused()
    {
        fixture.Site.Redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/iam/");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var ex = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync($"{fixture.Site.Origin}/to-metadata", Ct));

        Assert.Contains("cloud-metadata", ex.Reason, StringComparison.Ordinal);
        Assert.Contains(session.BlockedRequests, b => b.Url.StartsWith("http://169.254.169.254/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subresources_and_scripted_requests_to_internal_addresses_are_refused()
    {
        var probe = "/probe-" + Guid.NewGuid().ToString("N");
        fixture.Site.Content(probe, "text/plain", "leak");
        fixture.Site.Html("/subresources", $$"""
            <img src="http://10.0.0.7/pixel.png">
            <img src="http://169.254.169.254/latest/meta-data/">
            <script>
              window.fetchResult = fetch('http://localhost:{{fixture.Site.Port}}{{probe}}').then(r => 'loaded', e => 'refused');
            </script>
            """);
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        await session.NavigateAsync($"{fixture.Site.Origin}/subresources", Ct);
        var fetched = await session.EvaluateAsync<string>("() => window.fetchResult", Ct);

        Assert.Equal("refused", fetched);
        Assert.False(fixture.Site.Saw(probe));
        var blocked = session.BlockedRequests.Select(b => b.Url).ToList();
        Assert.Contains("http://10.0.0.7/pixel.png", blocked);
        Assert.Contains("http://169.254.169.254/latest/meta-data/", blocked);
    }

    [Fact]
    public async Task An_allowed_redirect_is_followed_and_the_page_has_the_final_address()
    {
        fixture.Site.Html("/final", "<p>arrived</p>");
        fixture.Site.Redirect("/moved", "/final");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var status = await session.NavigateAsync($"{fixture.Site.Origin}/moved", Ct);

        Assert.Equal(200, status);
        Assert.Equal($"{fixture.Site.Origin}/final", session.Url);
        Assert.Contains("arrived", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:" + fixture.Site.Port + "/final", await session.EvaluateAsync<string>("() => location.href", Ct));
    }

    [Fact]
    public async Task A_subresource_redirect_to_an_internal_address_is_refused()
    {
        var secret = "/img-secret-" + Guid.NewGuid().ToString("N");
        fixture.Site.Content(secret, "text/plain", "internal");
        fixture.Site.Redirect("/img-hop", $"http://localhost:{fixture.Site.Port}{secret}");
        fixture.Site.Html("/img-page", "<script>window.r = fetch('/img-hop').then(r => r.text(), e => 'refused');</script>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        await session.NavigateAsync($"{fixture.Site.Origin}/img-page", Ct);

        Assert.Equal("refused", await session.EvaluateAsync<string>("() => window.r", Ct));
        Assert.True(fixture.Site.Saw("/img-hop"));
        Assert.False(fixture.Site.Saw(secret));
    }

    [Fact]
    public async Task The_test_site_is_reachable_through_its_allow_list_entry()
    {
        fixture.Site.Html("/hello", "<title>Hello</title><p>Hi there</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var status = await session.NavigateAsync($"{fixture.Site.Origin}/hello", Ct);

        Assert.Equal(200, status);
        Assert.Contains("Hi there", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(session.BlockedRequests);
    }

    [Fact]
    public async Task Tracker_requests_are_blocked_while_other_scripts_load()
    {
        var port = fixture.Site.Port;
        fixture.Site.Content("/cdn.js", "text/javascript", "window.cdnLoaded = true;");
        fixture.Site.Content("/t.js", "text/javascript", "window.trackerLoaded = true;");
        fixture.Site.Html("/tracked", $"""
            <script src="http://127.0.0.1:{port}/cdn.js"></script>
            <script src="http://ads.doubleclick.net:{port}/t.js"></script>
            """);
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        await session.NavigateAsync($"{fixture.Site.Origin}/tracked", Ct);

        Assert.True(await session.EvaluateAsync<bool>("() => window.cdnLoaded === true", Ct));
        Assert.True(await session.EvaluateAsync<bool>("() => window.trackerLoaded === undefined", Ct));
        Assert.True(fixture.Site.Saw("/cdn.js"));
        Assert.False(fixture.Site.Saw("/t.js"));
        Assert.Contains(session.BlockedRequests, b => b.Url.Contains("doubleclick", StringComparison.Ordinal) && b.Reason.Contains("tracker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_to_an_attachment_is_refused_as_a_download()
    {
        var file = "/report-" + Guid.NewGuid().ToString("N") + ".bin";
        fixture.Site.Map(file, ctx =>
        {
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.Headers.ContentDisposition = "attachment; filename=report.bin";
            return ctx.Response.WriteAsync("attachment body");
        });
        fixture.Site.Html("/download-page", $"<a id=\"dl\" href=\"{file}\">report</a>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync($"{fixture.Site.Origin}/download-page", Ct);

        await session.ClickAsync("#dl", Ct);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!session.BlockedRequests.Any(b => b.Url.EndsWith(file, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Contains(session.BlockedRequests, b => b.Url.EndsWith(file, StringComparison.Ordinal) && b.Reason.Contains("download", StringComparison.Ordinal));
        Assert.DoesNotContain("attachment body", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<BrowserBlockedException>(() => session.NavigateAsync(fixture.Site.Origin + file, Ct));
        Assert.Contains("download", ex.Reason, StringComparison.Ordinal);
    }
}
