using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Orchestrator.Plugins.Browser.Planning;
using Orchestrator.Plugins.Browser.Session;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;
using static Orchestrator.Plugins.Browser.Tests.Infrastructure.ScriptedChatClient;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class PluginTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summarize_and_extract_run_as_kernel_functions_with_judged_results()
    {
        fixture.Site.Html("/article", "<h1>Tides</h1><p>Tides are caused by the Moon's gravity.</p>");
        var planner = new ScriptedChatClient(
            conversation => conversation[^1].Text.Contains("Moon's gravity", StringComparison.Ordinal)
                ? """{"done": true, "answer": "Tides come from the Moon's gravity."}"""
                : """{"done": true, "answer": "unknown"}""",
            Say("""{"done": true, "answer": {"title": "Tides"}}"""));
        var judge = new ScriptedChatClient(
            Say("""{"scores": {"completion": 1, "completeness": 1, "correctness": 1}, "rationale": "Accurate."}"""),
            Say("""{"scores": {"completion": 1, "completeness": 0.5, "correctness": 1}, "rationale": "Title only."}"""));
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(new BrowserPlugin(new BrowserTaskRunner(fixture.Host, planner, fixture.Options, new Judging.LlmJudge(judge))), "browser");

        var summary = JsonDocument.Parse((await kernel.InvokeAsync<string>("browser", "summarize", new() { ["url"] = $"{fixture.Site.Origin}/article" }, Ct))!).RootElement;
        var extracted = JsonDocument.Parse((await kernel.InvokeAsync<string>("browser", "extract", new()
        {
            ["url"] = $"{fixture.Site.Origin}/article",
            ["schema"] = """{"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}}""",
        }, Ct))!).RootElement;

        Assert.Equal("Tides come from the Moon's gravity.", summary.GetProperty("answer").GetString());
        Assert.Equal(1.0, summary.GetProperty("score").GetDouble());
        Assert.Equal("Tides", extracted.GetProperty("answer").GetProperty("title").GetString());
        Assert.Equal(5.0 / 6, extracted.GetProperty("score").GetDouble(), 6);
        Assert.Equal(["browse", "extract", "summarize"], kernel.Plugins["browser"].Select(f => f.Name).Order());
    }

    [Fact]
    public async Task AddBrowser_binds_and_validates_options_and_resolves_the_plugin_over_the_registered_chat_client()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orchestrator:Browser:MaxPagesPerTask"] = "7",
                ["Orchestrator:Browser:AllowedDomains:0"] = "example.org",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(new ScriptedChatClient());
        services.AddOrchestrator(configuration).AddBrowser(configuration, o => o.DeniedDomains.Add("evil.example"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BrowserOptions>>().Value;
        Assert.Equal(7, options.MaxPagesPerTask);
        Assert.Equal(["example.org"], options.AllowedDomains);
        Assert.Equal(["evil.example"], options.DeniedDomains);
        Assert.NotNull(provider.GetRequiredService<BrowserPlugin>());
        Assert.NotNull(provider.GetRequiredService<BrowserHost>());

        var bad = new ServiceCollection();
        bad.AddSingleton<IChatClient>(new ScriptedChatClient());
        bad.AddOrchestrator(configuration).AddBrowser(configure: o =>
        {
            o.Engine = "netscape";
            o.ExecutablePath = "/nonexistent/chromium";
            o.AllowedPrivateEndpoints = ["127.0.0.1"];
            o.MaxPagesPerTask = 0;
        });
        await using var badProvider = bad.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<BrowserOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("netscape", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("/nonexistent/chromium", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("host:port", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxPagesPerTask", StringComparison.Ordinal));
    }
}
