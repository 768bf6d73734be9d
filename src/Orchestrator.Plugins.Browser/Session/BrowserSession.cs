using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Orchestrator.Plugins.Browser.Privacy;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Session;

/// <summary>
/// One task's browser: an ephemeral context with a fingerprint of its own, every request guarded, limits on pages,
/// bytes and time. Disposing it discards cookies, storage and cache.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly BrowserOptions _options;
    private readonly SsrfGuard _guard;
    private readonly TrackerBlocklist _trackers;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _lifetime;
    private readonly List<BlockedRequest> _blocked = [];
    private readonly ConcurrentBag<Task> _pending = [];
    private readonly string _refAttribute = "data-orch-" + Guid.NewGuid().ToString("N")[..12];
    private int _pagesLoaded;
    private long _bytesReceived;
    private volatile string? _limitReason;

    private BrowserSession(IBrowserContext context, IPage page, FingerprintProfile profile, BrowserOptions options, SsrfGuard guard, TrackerBlocklist trackers, HttpClient http, ILogger logger)
    {
        _context = context;
        _page = page;
        Profile = profile;
        _options = options;
        _guard = guard;
        _trackers = trackers;
        _logger = logger;
        _http = http;
        _lifetime = new CancellationTokenSource(options.MaxTaskDuration);
    }

    /// <summary>Gets the identity this session presents.</summary>
    public FingerprintProfile Profile { get; }

    /// <summary>Gets the current address.</summary>
    public string Url => _page.Url;

    /// <summary>Gets the top-level page loads so far.</summary>
    public int PagesLoaded => Volatile.Read(ref _pagesLoaded);

    /// <summary>Gets the response body bytes received so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Gets the requests refused so far.</summary>
    public IReadOnlyList<BlockedRequest> BlockedRequests
    {
        get
        {
            lock (_blocked)
            {
                return [.. _blocked];
            }
        }
    }

    internal static async Task<BrowserSession> OpenAsync(IBrowserContext context, FingerprintProfile profile, BrowserOptions options, SsrfGuard guard, TrackerBlocklist trackers, ISocketConnector connector, ILogger logger, CancellationToken cancellationToken)
    {
        await context.AddInitScriptAsync(PrivacyScript.Build(profile, options.DisableWebRtc)).ConfigureAwait(false);
        context.SetDefaultTimeout((float)options.ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)options.ActionTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        // One client per task: no pooled connection outlives the task or is shared with another one.
        var session = new BrowserSession(context, page, profile, options, guard, trackers, PinnedHttpClientFactory.Create(options, connector), logger);
        await context.RouteAsync("**/*", session.RouteAsync).ConfigureAwait(false);

        // WebSockets are not seen by request routing; unrouted they would reach any address. None is connected.
        await context.RouteWebSocketAsync("**/*", ws => session._pending.Add(ws.CloseAsync(new() { Code = 1008, Reason = "blocked" }))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return session;
    }

    /// <summary>Loads <paramref name="url"/> in the page, after the guard allowed it.</summary>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The HTTP status of the final response, or 0 when there was none.</returns>
    /// <exception cref="BrowserBlockedException">The guard refused the URL or a redirect hop.</exception>
    public async Task<int> NavigateAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var verdict = await _guard.CheckAsync(url, cancellationToken).ConfigureAwait(false);
        if (!verdict.IsAllowed)
        {
            lock (_blocked)
            {
                _blocked.Add(new BlockedRequest(url, verdict.Reason!));
            }

            throw new BrowserBlockedException(url, verdict.Reason!);
        }

        var blockedBefore = BlockedRequests.Count;
        IResponse? response = null;
        try
        {
            response = await RunAsync(() => _page.GotoAsync(url), cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException) when (_redirect is not null || BlockedRequests.Count > blockedBefore)
        {
            // A redirect became a fresh navigation, or a hop was refused; both are handled below.
        }

        response = await FollowRedirectsAsync(response, cancellationToken).ConfigureAwait(false);
        if (BlockedRequests.Count > blockedBefore && (response is null || response.Url != _page.Url))
        {
            var hop = BlockedRequests[^1];
            throw new BrowserBlockedException(hop.Url, hop.Reason);
        }

        return response?.Status ?? 0;
    }

    private async Task<IResponse?> FollowRedirectsAsync(IResponse? response, CancellationToken cancellationToken)
    {
        while (_redirect is { } follow)
        {
            _redirect = null;
            response = await RunAsync(() => follow, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Clicks the element matched by <paramref name="selector"/>.</summary>
    /// <param name="selector">A Playwright selector.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the click was dispatched.</returns>
    public async Task ClickAsync(string selector, CancellationToken cancellationToken = default)
    {
        await RunAsync(() => _page.ClickAsync(selector), cancellationToken).ConfigureAwait(false);
        await FollowRedirectsAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Types <paramref name="value"/> into the field matched by <paramref name="selector"/>.</summary>
    /// <param name="selector">A Playwright selector.</param>
    /// <param name="value">The text.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the field holds the text.</returns>
    public Task FillAsync(string selector, string value, CancellationToken cancellationToken = default) =>
        RunAsync(() => _page.FillAsync(selector, value), cancellationToken);

    /// <summary>Waits until an element matched by <paramref name="selector"/> is visible.</summary>
    /// <param name="selector">A Playwright selector.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when it is.</returns>
    public Task WaitForAsync(string selector, CancellationToken cancellationToken = default) =>
        RunAsync(() => _page.WaitForSelectorAsync(selector), cancellationToken);

    /// <summary>Gets the page's visible text, shortened to the configured limit.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The text.</returns>
    public async Task<string> GetTextAsync(CancellationToken cancellationToken = default)
    {
        var text = await RunAsync(() => _page.EvaluateAsync<string>("() => document.body ? document.body.innerText : ''"), cancellationToken).ConfigureAwait(false);
        return text.Length <= _options.MaxPageTextChars ? text : text[.._options.MaxPageTextChars];
    }

    /// <summary>Takes what the planner sees: address, title, text and the elements actions may target.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot.</returns>
    public async Task<PageSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var text = await GetTextAsync(cancellationToken).ConfigureAwait(false);
        var title = await RunAsync(() => _page.TitleAsync(), cancellationToken).ConfigureAwait(false);
        var json = await RunAsync(() => _page.EvaluateAsync<JsonElement>(SnapshotScript.Elements, _refAttribute), cancellationToken).ConfigureAwait(false);
        var elements = json.EnumerateArray()
            .Select(e => new PageElement($"[{_refAttribute}=\"{e.GetProperty("ref").GetString()}\"]", e.GetProperty("kind").GetString() ?? "", e.GetProperty("label").GetString() ?? ""))
            .ToList();
        return new PageSnapshot(_page.Url, title, text, elements);
    }

    /// <summary>Runs a script in the page and returns its result; for tests and diagnostics.</summary>
    internal Task<T> EvaluateAsync<T>(string script, CancellationToken cancellationToken = default) =>
        RunAsync(() => _page.EvaluateAsync<T>(script), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _context.CloseAsync().ConfigureAwait(false);
        await Task.WhenAll(_pending).ConfigureAwait(false);
        _http.Dispose();
        _lifetime.Dispose();
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        ThrowIfLimited();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            return await action().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BrowserLimitExceededException($"the task ran longer than {_options.MaxTaskDuration}");
        }
        catch (PlaywrightException) when (_limitReason is not null)
        {
            ThrowIfLimited();
            throw;
        }
    }

    private Task<bool> RunAsync(Func<Task> action, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private void ThrowIfLimited()
    {
        if (_limitReason is { } limit)
        {
            throw new BrowserLimitExceededException(limit);
        }
    }
}
