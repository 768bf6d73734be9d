using System.Net;
using Microsoft.Playwright;

namespace Orchestrator.Plugins.Browser.Session;

/// <summary>One request the route sends on the page's behalf: the intercepted request, or a redirect hop derived from it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The absolute URL.</param>
/// <param name="Headers">The request headers to send (hop-by-hop ones removed).</param>
/// <param name="Body">The request body, if any.</param>
internal sealed record RouteHop(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    // Connection-level headers are the client's own; Accept-Encoding is the client's too, since it decompresses what it
    // counts against the byte limit and the page receives the decoded body.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-length", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "accept-encoding",
    };

    /// <summary>Captures the intercepted request as Chromium would have sent it (its cookies included).</summary>
    /// <param name="request">The intercepted request.</param>
    /// <param name="url">Its URL.</param>
    /// <returns>The hop.</returns>
    public static async Task<RouteHop> FromAsync(IRequest request, Uri url)
    {
        var headers = await request.AllHeadersAsync().ConfigureAwait(false);
        var kept = headers.Where(h => !h.Key.StartsWith(':') && !NotForwarded.Contains(h.Key)).ToList();
        return new RouteHop(request.Method, url, kept, request.PostDataBuffer);
    }

    /// <summary>Derives the request for the next hop of a redirect, as a browser would.</summary>
    /// <param name="next">The checked <c>Location</c>.</param>
    /// <param name="status">The redirect status.</param>
    /// <param name="cookie">The cookies the browser holds for <paramref name="next"/>, as a <c>Cookie</c> header value.</param>
    /// <returns>The next hop.</returns>
    public RouteHop RedirectTo(Uri next, HttpStatusCode status, string cookie)
    {
        // 303, and 301/302 after POST, become GET without a body; 307 and 308 repeat the request.
        var toGet = (status == HttpStatusCode.SeeOther && Method != "HEAD")
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && Method == "POST");
        var sameOrigin = Uri.Compare(Url, next, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
        var headers = Headers
            .Where(h => !h.Key.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            .Where(h => sameOrigin || !h.Key.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            .Where(h => !toGet || !h.Key.StartsWith("content-", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (cookie.Length > 0)
        {
            headers.Add(new("cookie", cookie));
        }

        return new RouteHop(toGet ? "GET" : Method, next, headers, toGet ? null : Body);
    }

    /// <summary>Builds the message to send, pinned to the checked addresses.</summary>
    /// <param name="pin">The addresses the guard checked for <see cref="Url"/>.</param>
    /// <returns>The message; the caller disposes it.</returns>
    public HttpRequestMessage ToMessage(Safety.PinnedEndpoint pin)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        message.Options.Set(Safety.PinnedEndpoint.OptionKey, pin);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}
