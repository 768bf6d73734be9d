using System.Net;

namespace Orchestrator.Http;

/// <summary>
/// What the HTTP layer saw during one provider call: the status, Retry-After, content type and the start of an
/// error body. Provider SDKs each throw their own exception types; this record lets Orchestrator classify any of them
/// the same way.
/// </summary>
internal sealed class HttpExchange
{
    private static readonly AsyncLocal<HttpExchange?> CurrentExchange = new();

    /// <summary>Gets the exchange of the provider call running on this async flow, if any.</summary>
    public static HttpExchange? Current => CurrentExchange.Value;

    public HttpStatusCode? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    public string? ContentType { get; set; }

    public string? ErrorBody { get; set; }

    public bool UnexpectedContentType { get; set; }

    /// <summary>Starts capturing for the current async flow; the returned scope restores the previous capture.</summary>
    /// <returns>The new exchange.</returns>
    public static HttpExchange Begin()
    {
        var exchange = new HttpExchange();
        CurrentExchange.Value = exchange;
        return exchange;
    }

    /// <summary>Stops capturing on the current async flow.</summary>
    public static void End() => CurrentExchange.Value = null;
}
