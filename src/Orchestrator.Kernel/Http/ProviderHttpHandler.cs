using System.Globalization;
using System.Net.Http.Headers;

namespace Orchestrator.Http;

/// <summary>
/// Sits under every provider SDK's HttpClient. It records status, Retry-After and error bodies for classification,
/// flags 200 responses of the wrong content type, and refuses non-loopback hosts when
/// <c>ORCH_DENY_EXTERNAL_NETWORK=1</c> (tests set it, so a test that would reach the internet fails loudly).
/// </summary>
internal sealed class ProviderHttpHandler : DelegatingHandler
{
    private const int MaxErrorBody = 4096;
    private static readonly bool DenyExternal = Environment.GetEnvironmentVariable("ORCH_DENY_EXTERNAL_NETWORK") == "1";

    public ProviderHttpHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (DenyExternal && request.RequestUri is { } uri && !uri.IsLoopback)
        {
            throw new InvalidOperationException(
                $"ORCH_DENY_EXTERNAL_NETWORK=1 forbids calls outside loopback, but a provider call went to host '{uri.Host}'. Point the provider's BaseUrl at the wire-level test server.");
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var exchange = HttpExchange.Current;
        if (exchange is null)
        {
            return response;
        }

        exchange.StatusCode = response.StatusCode;
        exchange.ContentType = response.Content.Headers.ContentType?.MediaType;
        exchange.RetryAfter = ParseRetryAfter(response.Headers);
        if (!response.IsSuccessStatusCode)
        {
            // Buffer so the SDK can still read the body after we keep a bounded copy of it.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            exchange.ErrorBody = body.Length > MaxErrorBody ? body[..MaxErrorBody] : body;
        }
        else if (request.Method == HttpMethod.Post && !IsExpectedContentType(exchange.ContentType))
        {
            exchange.UnexpectedContentType = true;
        }

        return response;
    }

    internal static TimeSpan? ParseRetryAfter(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsExpectedContentType(string? mediaType) =>
        mediaType is null
        || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);
}
