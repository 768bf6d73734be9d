using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Testing.Wire;

/// <summary>
/// A Kestrel server on 127.0.0.1 (random port) that speaks the OpenAI chat completions, Anthropic messages and
/// Ollama chat wire protocols, answering each chat request with the next <see cref="ScriptedReply"/> and recording
/// every request. Point the official SDKs at it with <see cref="OpenAIEndpoint"/>, <see cref="AnthropicEndpoint"/>
/// or <see cref="OllamaEndpoint"/>. It never reaches the network beyond loopback.
/// </summary>
public sealed class WireServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReplyRouter _script = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _models = ["gpt-4o-mini", "claude-sonnet-4-5", "llama3.2"];
    private WireFault? _listingFault;
    private int _disposed;

    private WireServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the server root, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the OpenAI base address, <c>…/v1/</c>: what <c>OpenAIClientOptions.Endpoint</c> takes. Any other prefix ending in <c>/chat/completions</c> works too.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1/");

    /// <summary>Gets the Anthropic base address (the root; the SDK appends <c>v1/messages</c>).</summary>
    public Uri AnthropicEndpoint => BaseAddress;

    /// <summary>Gets the Ollama base address (the root; clients append <c>api/chat</c>).</summary>
    public Uri OllamaEndpoint => BaseAddress;

    /// <summary>Gets the server-wide reply queue; every chat request whose model has no reply of its own takes from it.</summary>
    public WireScript Replies => _script.Shared;

    /// <summary>Gets or sets the reply used when no queue has one; <see langword="null"/> (the default) answers 400 saying nothing was scripted.</summary>
    public ScriptedReply? DefaultReply
    {
        get => _script.DefaultReply;
        set => _script.DefaultReply = value;
    }

    /// <summary>Gets or sets the model names the listing endpoints (<c>/v1/models</c>, <c>/api/tags</c>) report.</summary>
    public IReadOnlyList<string> Models
    {
        get => Volatile.Read(ref _models);
        set => Volatile.Write(ref _models, [.. value ?? throw new ArgumentNullException(nameof(value))]);
    }

    /// <summary>
    /// Gets or sets a fault the listing and probe endpoints (<c>/v1/models</c>, <c>/api/tags</c>, <c>/api/version</c>, <c>/</c>)
    /// answer with, to make health probes fail; <see langword="null"/> (the default) answers them normally.
    /// </summary>
    public WireFault? ListingFault
    {
        get => Volatile.Read(ref _listingFault);
        set => Volatile.Write(ref _listingFault, value);
    }

    /// <summary>Gets a snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets the number of scripted replies not yet taken, over all queues.</summary>
    public int PendingReplyCount => _script.PendingCount;

    /// <summary>Starts a server on 127.0.0.1 with a port the OS picks.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<WireServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WireServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, InertHostLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();

        // The handler needs the server and the server needs the bound address, known only after the start;
        // no request can arrive before the address is handed out, so the handler is set just after.
        WireRequestHandler? handler = null;
        app.Run(context => handler!.HandleAsync(context));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new WireServer(app, new Uri(address.TrimEnd('/') + "/"));
        handler = new WireRequestHandler(server, server._script, server._stopping.Token);
        return server;
    }

    /// <summary>Adds replies to the server-wide queue, taken first in, first out by chat requests of any protocol.</summary>
    /// <param name="replies">The replies, in order.</param>
    public void Enqueue(params ScriptedReply[] replies) => _script.Shared.Enqueue(replies);

    /// <summary>Gets the queue of replies only requests for <paramref name="model"/> take; it is tried before the server-wide one.</summary>
    /// <param name="model">The <c>model</c> value of the request body, matched exactly.</param>
    /// <returns>The model's queue (the same one on every call).</returns>
    public WireScript ForModel(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return _script.ForModel(model);
    }

    /// <summary>Stops the server: hung and streaming requests are cut, then the port is released.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived, e.g. before cancelling a hung one.</summary>
    /// <param name="count">The number of requests to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once that many requests have been recorded.</returns>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Record(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => w.Count <= _requests.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }
}
