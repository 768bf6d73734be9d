using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>A real HTTP listener on loopback that records each webhook POST and answers as the test scripts it.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Gets every body received, in order (failed attempts included).</summary>
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>Gets or sets how the next request is answered: a status code, after the task completes.</summary>
    public Func<int, Task<int>> Answer { get; set; } = _ => Task.FromResult(StatusCodes.Status204NoContent);

    public Uri Url => new(_app.Urls.First() + "/hook");

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            receiver.Received.Enqueue(body);
            return Results.StatusCode(await receiver.Answer(receiver.Received.Count));
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
