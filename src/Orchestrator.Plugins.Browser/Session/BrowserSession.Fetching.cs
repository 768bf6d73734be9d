using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Orchestrator.Plugins.Browser.Safety;

namespace Orchestrator.Plugins.Browser.Session;

/// <summary>The route's own HTTP client: pinned connections, streamed bodies under the limits, responses handed to the page.</summary>
public sealed partial class BrowserSession
{
    private const int ReadChunk = 64 * 1024;

    // Connection-level response headers, and the framing of a body the client has already decoded and the page gets whole.
    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade",
        "content-length", "content-encoding",
    };

    private async Task<HttpResponseMessage> SendAsync(RouteHop hop, GuardVerdict verdict, CancellationToken cancellationToken)
    {
        using var message = hop.ToMessage(PinnedEndpoint.For(hop.Url, verdict));
        return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the body chunk by chunk, counting each against the task's byte limit; null once the limit is passed.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var remaining = _options.MaxBytesPerTask - Interlocked.Read(ref _bytesReceived);
        if (response.Content.Headers.ContentLength is { } declared && declared > remaining)
        {
            _limitReason ??= $"more than {_options.MaxBytesPerTask} bytes received";
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var chunk = new byte[ReadChunk];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (Interlocked.Add(ref _bytesReceived, read) > _options.MaxBytesPerTask)
                {
                    _limitReason ??= $"more than {_options.MaxBytesPerTask} bytes received";
                    return null;
                }

                body.Write(chunk, 0, read);
            }

            return body.ToArray();
        }
    }

    private static Dictionary<string, string> ResponseHeaders(HttpResponseMessage response)
    {
        var listed = response.Headers.Connection.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (NotReturned.Contains(name) || listed.Contains(name))
            {
                continue;
            }

            // Playwright splits a Set-Cookie value on new lines into separate headers; other repeats fold with commas.
            headers[name] = string.Join(name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) ? "\n" : ", ", values);
        }

        return headers;
    }

    private static bool IsAttachment(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentDisposition?.DispositionType, "attachment", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stores the cookies of a redirect the page never sees, so the next hop and later pages carry them.</summary>
    private async Task StoreCookiesAsync(Uri url, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        var jar = new CookieContainer();
        foreach (var value in values)
        {
            try
            {
                jar.SetCookies(url, value);
            }
            catch (CookieException)
            {
                // A malformed cookie is dropped, as a browser would.
            }
        }

        var cookies = jar.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = c.Domain,
            Path = string.IsNullOrEmpty(c.Path) ? "/" : c.Path,
            Secure = c.Secure,
            HttpOnly = c.HttpOnly,
            Expires = c.Expires == DateTime.MinValue ? -1 : new DateTimeOffset(c.Expires.ToUniversalTime()).ToUnixTimeSeconds(),
        }).ToList();
        if (cookies.Count > 0)
        {
            await _context.AddCookiesAsync(cookies).ConfigureAwait(false);
        }
    }

    private async Task<string> CookieHeaderAsync(Uri url)
    {
        var cookies = await _context.CookiesAsync([url.AbsoluteUri]).ConfigureAwait(false);
        return string.Join("; ", cookies.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name}={c.Value}")));
    }

    private static async Task AbortQuietlyAsync(IRoute route, string errorCode)
    {
        try
        {
            await route.AbortAsync(errorCode).ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // The page or context closed while the request was in flight; there is nothing left to answer.
        }
    }
}
