using System.Text.Json;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class BrowserPrivacyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string ReadFingerprint = """
        () => JSON.stringify({
          ua: navigator.userAgent, platform: navigator.platform, language: navigator.language,
          width: screen.width, height: screen.height, depth: screen.colorDepth, ratio: window.devicePixelRatio,
          zone: Intl.DateTimeFormat().resolvedOptions().timeZone, touch: navigator.maxTouchPoints,
          dark: matchMedia('(prefers-color-scheme: dark)').matches, webdriver: navigator.webdriver,
          rtc: typeof window.RTCPeerConnection, webkitRtc: typeof window.webkitRTCPeerConnection
        })
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_sees_the_drawn_profile_and_it_is_self_consistent()
    {
        var path = "/fp-" + Guid.NewGuid().ToString("N");
        fixture.Site.Html(path, "<p>fingerprint</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + path, Ct);
        var p = session.Profile;

        var seen = JsonDocument.Parse(await session.EvaluateAsync<string>(ReadFingerprint, Ct)).RootElement;

        Assert.Equal(p.UserAgent, seen.GetProperty("ua").GetString());
        Assert.Equal(p.Platform, seen.GetProperty("platform").GetString());
        Assert.Equal(p.Locale, seen.GetProperty("language").GetString());
        Assert.Equal(p.ScreenWidth, seen.GetProperty("width").GetInt32());
        Assert.Equal(p.ScreenHeight, seen.GetProperty("height").GetInt32());
        Assert.Equal(p.ColorDepth, seen.GetProperty("depth").GetInt32());
        Assert.Equal(p.DeviceScaleFactor, seen.GetProperty("ratio").GetDouble(), 3);
        Assert.Equal(p.TimeZone, seen.GetProperty("zone").GetString());
        Assert.Equal(p.HasTouch, seen.GetProperty("touch").GetInt32() > 0);
        Assert.Equal(p.ColorScheme == "dark", seen.GetProperty("dark").GetBoolean());
        Assert.False(seen.GetProperty("webdriver").GetBoolean());
        Assert.Equal("undefined", seen.GetProperty("rtc").GetString());
        Assert.Equal("undefined", seen.GetProperty("webkitRtc").GetString());

        // The operating system the user agent names is the one navigator.platform reports.
        var os = p.Platform switch { "Win32" => "Windows NT", "MacIntel" => "Macintosh", _ => "Linux" };
        Assert.Contains(os, p.UserAgent, StringComparison.Ordinal);
        Assert.DoesNotContain("Headless", p.UserAgent, StringComparison.Ordinal);

        // What the server sees agrees with what scripts see.
        var request = fixture.Site.Requests.Last(r => r.Path == path);
        Assert.Equal(p.UserAgent, request.UserAgent);
        Assert.StartsWith(p.Locale, request.AcceptLanguage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_session_starts_empty_and_forgets_cookies_and_storage()
    {
        fixture.Site.Html("/store", """
            <script>
              document.cookie = 'id=tracked; max-age=3600';
              localStorage.setItem('id', 'tracked');
            </script>
            """);
        fixture.Site.Html("/read", "<p>read</p>");

        await using (var first = await fixture.Host.NewSessionAsync(Ct))
        {
            await first.NavigateAsync(fixture.Site.Origin + "/store", Ct);
            Assert.Equal("tracked", await first.EvaluateAsync<string>("() => localStorage.getItem('id')", Ct));
        }

        await using var second = await fixture.Host.NewSessionAsync(Ct);
        await second.NavigateAsync(fixture.Site.Origin + "/read", Ct);

        Assert.Equal(string.Empty, await second.EvaluateAsync<string>("() => document.cookie", Ct));
        Assert.Null(await second.EvaluateAsync<string?>("() => localStorage.getItem('id')", Ct));
        Assert.Equal(string.Empty, fixture.Site.Requests.Last(r => r.Path == "/read").Cookie);
    }

    [Fact]
    public async Task Server_cookies_work_within_a_session_and_not_beyond_it()
    {
        fixture.Site.Map("/login", ctx =>
        {
            ctx.Response.Headers.SetCookie = "session=abc123; Path=/; HttpOnly";
            ctx.Response.Redirect("/account");
            return Task.CompletedTask;
        });
        fixture.Site.Html("/account", "<p>account</p>");

        await using (var first = await fixture.Host.NewSessionAsync(Ct))
        {
            await first.NavigateAsync(fixture.Site.Origin + "/login", Ct);
            Assert.EndsWith("/account", first.Url, StringComparison.Ordinal);
            Assert.Equal("session=abc123", fixture.Site.Requests.Last(r => r.Path == "/account").Cookie);
        }

        await using var second = await fixture.Host.NewSessionAsync(Ct);
        await second.NavigateAsync(fixture.Site.Origin + "/account", Ct);
        Assert.Equal(string.Empty, fixture.Site.Requests.Last(r => r.Path == "/account").Cookie);
    }

    [Fact]
    public async Task Profiles_vary_between_sessions()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            await using var session = await fixture.Host.NewSessionAsync(Ct);
            seen.Add($"{session.Profile.UserAgent}|{session.Profile.ScreenWidth}|{session.Profile.TimeZone}|{session.Profile.ColorScheme}");
        }

        // 6 draws from over a thousand combinations all being equal has a chance far below one in a million.
        Assert.True(seen.Count > 1);
    }
}
