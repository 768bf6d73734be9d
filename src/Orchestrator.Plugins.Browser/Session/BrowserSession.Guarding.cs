using Microsoft.Playwright;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Session;

/// <summary>Request interception: every navigation, redirect hop and subresource passes here before any connection.</summary>
public sealed partial class BrowserSession
{
    private const int MaxRedirects = 10;

    private volatile Task<IResponse?>? _redirect;

    private async Task RouteAsync(IRoute route)
    {
        var request = route.Request;
        var url = request.Url;
        var reason = _limitReason;
        GuardVerdict? verdict = null;
        if (reason is null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var mainFrameNavigation = request.IsNavigationRequest && IsMainFrame(request);
            var topLevel = mainFrameNavigation ? uri : (Uri.TryCreate(_page.Url, UriKind.Absolute, out var top) ? top : null);
            if (_options.BlockTrackers && _trackers.IsBlocked(uri, topLevel))
            {
                reason = "known third-party tracker or ad host";
            }
            else
            {
                verdict = await _guard.CheckAsync(url, _lifetime.Token).ConfigureAwait(false);
                reason = verdict.Reason;
            }

            if (reason is null && mainFrameNavigation && Interlocked.Increment(ref _pagesLoaded) > _options.MaxPagesPerTask)
            {
                reason = _limitReason = $"more than {_options.MaxPagesPerTask} page loads";
            }
        }
        else
        {
            reason ??= "not an absolute URL";
        }

        if (reason is not null || verdict is null)
        {
            Record(url, reason ?? "not checked");
            await AbortQuietlyAsync(route, "blockedbyclient").ConfigureAwait(false);
            return;
        }

        var hop = await RouteHop.FromAsync(request, new Uri(url)).ConfigureAwait(false);
        await FetchAndFulfillAsync(route, hop, verdict, request.IsNavigationRequest && IsMainFrame(request)).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches an allowed request here, on a connection to an address the guard checked, and answers the route with it.
    /// Chromium follows redirects without asking the route again, and the Node driver's own fetch resolves the name again
    /// after the check, so neither continuing the request nor <c>route.FetchAsync</c> is safe. Each redirect hop is
    /// checked: a main-frame hop becomes a fresh navigation (routed again, so the page gets the right origin); a
    /// subresource or frame hop is fetched here, and the page gets the final response.
    /// </summary>
    private async Task FetchAndFulfillAsync(IRoute route, RouteHop hop, GuardVerdict verdict, bool mainFrame)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        timeout.CancelAfter(_options.ActionTimeout);
        var url = hop.Url.AbsoluteUri;
        for (var hops = 0; ; hops++)
        {
            try
            {
                using var response = await SendAsync(hop, verdict, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(hop.Url, location);
                    verdict = hops >= MaxRedirects
                        ? GuardVerdict.Refuse($"more than {MaxRedirects} redirects")
                        : await _guard.CheckAsync(next.AbsoluteUri, timeout.Token).ConfigureAwait(false);
                    if (!verdict.IsAllowed)
                    {
                        Record(next.AbsoluteUri, verdict.Reason!);
                        await AbortQuietlyAsync(route, "blockedbyclient").ConfigureAwait(false);
                        return;
                    }

                    await StoreCookiesAsync(hop.Url, response).ConfigureAwait(false);
                    if (mainFrame)
                    {
                        _redirect = Task.Run(() => FollowAsync(next.AbsoluteUri));
                        await AbortQuietlyAsync(route, "aborted").ConfigureAwait(false);
                        return;
                    }

                    hop = hop.RedirectTo(next, response.StatusCode, await CookieHeaderAsync(next).ConfigureAwait(false));
                    continue;
                }

                if (!_options.AllowDownloads && IsAttachment(response))
                {
                    Record(hop.Url.AbsoluteUri, "downloads are not allowed (Content-Disposition: attachment)");
                    await AbortQuietlyAsync(route, "blockedbyclient").ConfigureAwait(false);
                    return;
                }

                var body = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
                if (body is null)
                {
                    Record(url, _limitReason!);
                    await AbortQuietlyAsync(route, "blockedbyclient").ConfigureAwait(false);
                    return;
                }

                await route.FulfillAsync(new RouteFulfillOptions { Status = (int)response.StatusCode, Headers = ResponseHeaders(response), BodyBytes = body }).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                BrowserLog.FetchFailed(_logger, hop.Url.AbsoluteUri, ex);
                await AbortQuietlyAsync(route, timeout.IsCancellationRequested ? "timedout" : "failed").ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task<IResponse?> FollowAsync(string url)
    {
        try
        {
            return await _page.GotoAsync(url).ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // Refused hops are in BlockedRequests; the caller turns them into an exception.
            return null;
        }
    }

    private void Record(string url, string reason)
    {
        lock (_blocked)
        {
            _blocked.Add(new BlockedRequest(url, reason));
        }

        BrowserLog.RequestBlocked(_logger, url, reason);
    }

    private bool IsMainFrame(IRequest request)
    {
        try
        {
            return request.Frame == _page.MainFrame;
        }
        catch (PlaywrightException)
        {
            // Requests from workers have no frame.
            return false;
        }
    }
}
