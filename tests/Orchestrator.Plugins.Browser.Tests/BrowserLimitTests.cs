using Orchestrator.Plugins.Browser.Session;
using Orchestrator.Plugins.Browser.Tests.Infrastructure;

namespace Orchestrator.Plugins.Browser.Tests;

public sealed class LimitedBrowserFixture : BrowserFixture
{
    protected override void Configure(BrowserOptions options)
    {
        options.MaxPagesPerTask = 2;
        options.MaxBytesPerTask = 32 * 1024;
        options.MaxTaskDuration = TimeSpan.FromSeconds(4);
    }
}

public sealed class BrowserLimitTests(LimitedBrowserFixture fixture) : IClassFixture<LimitedBrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_load_beyond_the_limit_stops_the_task()
    {
        fixture.Site.Html("/p1", "<p>one</p>");
        fixture.Site.Html("/p2", "<p>two</p>");
        fixture.Site.Html("/p3", "<p>three</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/p1", Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/p2", Ct);

        var ex = await Assert.ThrowsAsync<BrowserLimitExceededException>(() => session.NavigateAsync(fixture.Site.Origin + "/p3", Ct));

        Assert.Contains("more than 2 page loads", ex.Limit, StringComparison.Ordinal);
        Assert.False(fixture.Site.Saw("/p3"));
        await Assert.ThrowsAsync<BrowserLimitExceededException>(() => session.GetTextAsync(Ct));
    }

    [Fact]
    public async Task A_response_beyond_the_byte_limit_never_reaches_the_page()
    {
        fixture.Site.Html("/big", "<p>" + new string('x', 64 * 1024) + "</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var ex = await Assert.ThrowsAsync<BrowserLimitExceededException>(() => session.NavigateAsync(fixture.Site.Origin + "/big", Ct));

        Assert.Contains("bytes received", ex.Limit, StringComparison.Ordinal);
        // The page is left blank or on the engine's error page, never on the oversized document.
        Assert.DoesNotContain("/big", session.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_declared_length_is_cut_off_while_streaming_not_read_in_full()
    {
        // 16 KiB every 10 ms for up to 64 MiB: reading it in full would outlast the task's 4 s, so only a client that
        // counts while streaming stops on the byte limit. Kestrel discards writes after the client hangs up and reports
        // the abort a little later; the pause keeps those discarded writes few.
        const long Endless = 64L * 1024 * 1024;
        var served = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Site.Map("/endless", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'x');
            long written = 0;
            try
            {
                while (written < Endless)
                {
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                    written += chunk.Length;
                    await Task.Delay(10, ctx.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client hung up: the point of the test.
            }
            finally
            {
                served.TrySetResult(written);
            }
        });
        await using var session = await fixture.Host.NewSessionAsync(Ct);

        var ex = await Assert.ThrowsAsync<BrowserLimitExceededException>(() => session.NavigateAsync(fixture.Site.Origin + "/endless", Ct));
        var written = await served.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Contains("bytes received", ex.Limit, StringComparison.Ordinal);
        Assert.True(written < 4 * 1024 * 1024, $"the server wrote {written} bytes before the client hung up");
    }

    [Fact]
    public async Task A_task_that_outlives_its_time_limit_is_stopped()
    {
        fixture.Site.Html("/slow", "<p>waiting for something that never comes</p>");
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/slow", Ct);
        var started = DateTime.UtcNow;

        // The action timeout is 10 s; the task's 4 s limit ends the wait first.
        var ex = await Assert.ThrowsAsync<BrowserLimitExceededException>(() => session.WaitForAsync("#never", Ct));

        Assert.Contains("ran longer than", ex.Limit, StringComparison.Ordinal);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Web_sockets_are_closed_without_connecting()
    {
        fixture.Site.Html("/ws", $$"""
            <script>
              window.wsResult = new Promise(resolve => {
                const ws = new WebSocket('ws://localhost:{{fixture.Site.Port}}/socket');
                ws.onopen = () => resolve('open');
                ws.onclose = () => resolve('closed');
                ws.onerror = () => resolve('error');
              });
            </script>
            """);
        await using var session = await fixture.Host.NewSessionAsync(Ct);
        await session.NavigateAsync(fixture.Site.Origin + "/ws", Ct);

        var outcome = await session.EvaluateAsync<string>("() => window.wsResult", Ct);

        Assert.NotEqual("open", outcome);
        Assert.False(fixture.Site.Saw("/socket"));
    }
}
