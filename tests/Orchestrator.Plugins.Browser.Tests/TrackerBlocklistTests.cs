using Orchestrator.Plugins.Browser.Privacy;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class TrackerBlocklistTests
{
    private static readonly TrackerBlocklist Trackers = new(["metrics.example"]);

    [Theory]
    [InlineData("https://www.google-analytics.com/g/collect", "https://news.example/", true)]
    [InlineData("https://stats.g.doubleclick.net/x", "https://news.example/", true)]
    [InlineData("https://cdn.metrics.example/p.js", "https://news.example/", true)]
    [InlineData("https://cdn.jsdelivr.net/lib.js", "https://news.example/", false)]
    [InlineData("https://www.hotjar.com/pricing", "https://www.hotjar.com/", false)]
    [InlineData("https://api.metrics.example/p.js", "https://www.metrics.example/", false)]
    public void Tracker_hosts_are_blocked_only_when_third_party(string request, string topLevel, bool blocked) =>
        Assert.Equal(blocked, Trackers.IsBlocked(new Uri(request), new Uri(topLevel)));
}
