using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Plugins.Browser.Tests.Infrastructure;

/// <summary>A Kestrel server on 127.0.0.1 serving scripted pages and logging every request it receives.</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SeenRequest> _log = new();

    private TestSite(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Origin => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<SeenRequest> Requests => [.. _log];

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var site = new TestSite(app);
        app.Run(site.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        site.Port = new Uri(address).Port;
        return site;
    }

    public void Html(string path, string html) => _pages[path] = ctx =>
    {
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(html);
    };

    public void Content(string path, string contentType, string body) => _pages[path] = ctx =>
    {
        ctx.Response.ContentType = contentType;
        return ctx.Response.WriteAsync(body);
    };

    public void Redirect(string path, string location) => _pages[path] = ctx =>
    {
        ctx.Response.StatusCode = 302;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    public void Map(string path, Func<HttpContext, Task> handler) => _pages[path] = handler;

    public bool Saw(string path) => _log.Any(r => r.Path == path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task HandleAsync(HttpContext ctx)
    {
        _log.Enqueue(new SeenRequest(ctx.Request.Host.Value ?? "", ctx.Request.Path.Value ?? "", ctx.Request.Headers.UserAgent.ToString(), ctx.Request.Headers.AcceptLanguage.ToString(), ctx.Request.Headers.Cookie.ToString()));
        if (_pages.TryGetValue(ctx.Request.Path.Value ?? "", out var handler))
        {
            return handler(ctx);
        }

        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}

public sealed record SeenRequest(string Host, string Path, string UserAgent, string AcceptLanguage, string Cookie);
