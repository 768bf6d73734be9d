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
                var verdict = await _guard.CheckAsync(url, _lifetime.Token).ConfigureAwait(false);
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

        if (reason is not null)
        {
            Record(url, reason);
            await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
            return;
        }

        // Chromium follows redirects without asking the route again, so neither continuing the request nor handing the page a
        // 3xx is safe: the next hop would go out unchecked. The request is fetched here without following redirects and
        // each hop is checked: a main-frame hop becomes a fresh navigation (routed again, so the page gets the right
        // origin); a subresource or frame hop is fetched here, and the page gets the final response.
        var mainFrame = request.IsNavigationRequest && IsMainFrame(request);
        var fetchUrl = url;
        for (var hop = 0; ; hop++)
        {
            IAPIResponse response;
            try
            {
                response = await route.FetchAsync(new RouteFetchOptions { Url = fetchUrl, MaxRedirects = 0 }).ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                await route.AbortAsync("failed").ConfigureAwait(false);
                return;
            }

            if (response.Status is >= 300 and < 400 && response.Headers.TryGetValue("location", out var location))
            {
                var next = new Uri(new Uri(fetchUrl), location).AbsoluteUri;
                var verdict = hop >= MaxRedirects
                    ? GuardVerdict.Refuse($"more than {MaxRedirects} redirects")
                    : await _guard.CheckAsync(next, _lifetime.Token).ConfigureAwait(false);
                if (!verdict.IsAllowed)
                {
                    Record(next, verdict.Reason!);
                    await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
                    return;
                }

                if (mainFrame)
                {
                    _redirect = Task.Run(() => FollowAsync(next));
                    await route.AbortAsync("aborted").ConfigureAwait(false);
                    return;
                }

                fetchUrl = next;
                continue;
            }

            var body = await response.BodyAsync().ConfigureAwait(false);
            if (Interlocked.Add(ref _bytesReceived, body.Length) > _options.MaxBytesPerTask)
            {
                _limitReason ??= $"more than {_options.MaxBytesPerTask} bytes received";
                Record(url, _limitReason);
                await route.AbortAsync("blockedbyclient").ConfigureAwait(false);
                return;
            }

            await route.FulfillAsync(new RouteFulfillOptions { Response = response, BodyBytes = body }).ConfigureAwait(false);
            return;
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
