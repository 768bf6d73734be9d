using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class BrowserActionTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clicks_forms_and_waits_drive_a_real_page()
    {
        fixture.Site.Html("/form", """
            <form action="/submitted" method="get">
              <label for="q">Name</label><input id="q" name="q">
              <button type="submit">Send</button>
            </form>
            <button id="later" onclick="setTimeout(() => { const d = document.createElement('div'); d.id = 'done'; d.textContent = 'Ready!'; document.body.append(d); }, 300)">Load more</button>
            """);
        fixture.Site.Map("/submitted", ctx =>
        {
            ctx.Response.ContentType = "text/html";
            return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, $"<p>Thanks, {System.Net.WebUtility.HtmlEncode(ctx.Request.Query["q"])}</p>");
        });
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/form", Ct);

        await session.ClickAsync("#later", Ct);
        await session.WaitForAsync("#done", Ct);
        Assert.Contains("Ready!", await session.GetTextAsync(Ct), StringComparison.Ordinal);

        await session.FillAsync("#q", "Ada", Ct);
        await session.ClickAsync("button[type=submit]", Ct);
        await session.WaitForAsync("text=Thanks", Ct);

        Assert.Contains("Thanks, Ada", await session.GetTextAsync(Ct), StringComparison.Ordinal);
        Assert.EndsWith("/submitted?q=Ada", session.Url, StringComparison.Ordinal);
        Assert.Equal(2, session.PagesLoaded);
    }

    [Fact]
    public async Task A_snapshot_lists_actionable_elements_by_reference()
    {
        fixture.Site.Html("/snap", """
            <title>Shop</title>
            <a href="/next">Next page</a>
            <input placeholder="Search products">
            <button>Buy</button>
            <button style="display:none">Hidden</button>
            """);
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/snap", Ct);

        var snapshot = await session.SnapshotAsync(Ct);

        Assert.Equal("Shop", snapshot.Title);
        Assert.Equal(["link:Next page", "input:text:Search products", "button:Buy"], snapshot.Elements.Select(e => $"{e.Kind}:{e.Label}"));
        await session.FillAsync(snapshot.Elements[1].Ref, "socks", Ct);
        Assert.Equal("socks", await session.EvaluateAsync<string>("() => document.querySelector('input').value", Ct));
    }
}
