namespace Orchestrator.Testing.Wire;

/// <summary>
/// A failure the <see cref="WireServer"/> injects instead of a model reply. Create one with the
/// static factories and script it with <see cref="ScriptedReply.Fault(WireFault)"/>.
/// </summary>
public sealed class WireFault
{
    private WireFault(WireFaultKind kind, int statusCode, string message, TimeSpan? retryAfter, int chunksBeforeDrop, int? streamErrorStatus = null)
    {
        StreamErrorStatus = streamErrorStatus;
        Kind = kind;
        StatusCode = statusCode;
        Message = message;
        RetryAfter = retryAfter;
        ChunksBeforeDrop = chunksBeforeDrop;
    }

    /// <summary>Gets what the fault does.</summary>
    public WireFaultKind Kind { get; }

    /// <summary>Gets the HTTP status sent: the error status, 200 for faults that corrupt a successful reply, 0 for <see cref="WireFaultKind.Hang"/>.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the error message put in the provider's error JSON.</summary>
    public string Message { get; }

    /// <summary>Gets the delay announced in the <c>Retry-After</c> (whole seconds, rounded up) and <c>retry-after-ms</c> headers, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Gets the HTTP status a <see cref="WireFaultKind.StreamError"/> stands for: it picks the in-stream error type
    /// (Anthropic: 429 <c>rate_limit_error</c>, 500 <c>api_error</c>, 529 <c>overloaded_error</c>), and a non-streamed
    /// request gets that status. <see langword="null"/> means the provider's usual one (Anthropic 529, others 500).
    /// </summary>
    public int? StreamErrorStatus { get; }

    /// <summary>Gets how many chunks are sent before the connection drops or the error event comes (<see cref="WireFaultKind.DropConnection"/>, <see cref="WireFaultKind.StreamError"/>).</summary>
    public int ChunksBeforeDrop { get; }

    /// <summary>HTTP 429 with the provider's rate-limit error.</summary>
    /// <param name="retryAfter">The delay to announce; <see langword="null"/> sends no <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    public static WireFault TooManyRequests(TimeSpan? retryAfter = null) =>
        Status(429, "Rate limit reached for requests. Please try again later.", retryAfter);

    /// <summary>HTTP 500 with the provider's server error.</summary>
    /// <returns>The fault.</returns>
    public static WireFault InternalServerError() =>
        Status(500, "The server had an error while processing your request.");

    /// <summary>HTTP 503 (overloaded / unavailable).</summary>
    /// <param name="retryAfter">The delay to announce; <see langword="null"/> sends no <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    public static WireFault ServiceUnavailable(TimeSpan? retryAfter = null) =>
        Status(503, "The engine is currently overloaded, please try again later.", retryAfter);

    /// <summary>HTTP 400 with the provider's invalid-request error.</summary>
    /// <param name="message">The error message the client sees.</param>
    /// <returns>The fault.</returns>
    public static WireFault BadRequest(string message = "Invalid request: the 'messages' field is malformed.") =>
        Status(400, message);

    /// <summary>HTTP 401 with the provider's authentication error.</summary>
    /// <returns>The fault.</returns>
    public static WireFault Unauthorized() => Status(401, "Incorrect API key provided.");

    /// <summary>Any HTTP error status with the provider's error JSON shape.</summary>
    /// <param name="statusCode">The status, 400 to 599.</param>
    /// <param name="message">The error message the client sees.</param>
    /// <param name="retryAfter">The delay to announce; <see langword="null"/> sends no <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    public static WireFault Status(int statusCode, string message, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(message);
        return new(WireFaultKind.HttpStatus, statusCode, message, retryAfter, 0);
    }

    /// <summary>Never answers until the client cancels (or the server is disposed).</summary>
    /// <returns>The fault.</returns>
    public static WireFault Hang() => new(WireFaultKind.Hang, 0, string.Empty, null, 0);

    /// <summary>
    /// Sends a 200 and <paramref name="afterChunks"/> chunks of a streamed reply, then aborts the connection.
    /// A non-streamed request gets the headers and part of the body before the abort.
    /// </summary>
    /// <param name="afterChunks">Chunks (SSE events or NDJSON lines of content) sent before the abort.</param>
    /// <returns>The fault.</returns>
    public static WireFault DropConnection(int afterChunks = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        return new(WireFaultKind.DropConnection, 200, string.Empty, null, afterChunks);
    }

    /// <summary>
    /// Streams <paramref name="afterChunks"/> chunks of a 200 reply, then the provider's in-stream error
    /// (Anthropic <c>event: error</c>, an OpenAI <c>data: {"error":…}</c> event, an Ollama <c>{"error":…}</c> line) and ends the stream.
    /// A non-streamed request gets a 500 with the same message instead, since the error cannot arrive mid-body.
    /// </summary>
    /// <param name="afterChunks">Chunks sent before the error.</param>
    /// <param name="message">The error message, e.g. Anthropic's <c>Overloaded</c>.</param>
    /// <returns>The fault.</returns>
    public static WireFault StreamError(int afterChunks = 2, string message = "Overloaded")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        ArgumentNullException.ThrowIfNull(message);
        return new(WireFaultKind.StreamError, 200, message, null, afterChunks);
    }

    /// <summary>
    /// Like <see cref="StreamError(int, string)"/>, with the in-stream error standing for <paramref name="equivalentStatus"/>:
    /// Anthropic sends <c>rate_limit_error</c> for 429, <c>overloaded_error</c> for 529, <c>api_error</c> for other 5xx.
    /// </summary>
    /// <param name="afterChunks">Chunks sent before the error (0: the error is the first event).</param>
    /// <param name="message">The error message.</param>
    /// <param name="equivalentStatus">The HTTP status the error stands for, 400 to 599.</param>
    /// <returns>The fault.</returns>
    public static WireFault StreamError(int afterChunks, string message, int equivalentStatus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(equivalentStatus, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(equivalentStatus, 599);
        return new(WireFaultKind.StreamError, 200, message, null, afterChunks, equivalentStatus);
    }

    /// <summary>A 200 whose body (or streamed event) is not valid JSON.</summary>
    /// <returns>The fault.</returns>
    public static WireFault MalformedJson() => new(WireFaultKind.MalformedJson, 200, string.Empty, null, 0);

    /// <summary>A 200 <c>text/html</c> page instead of the provider's JSON.</summary>
    /// <returns>The fault.</returns>
    public static WireFault WrongContentType() => new(WireFaultKind.WrongContentType, 200, string.Empty, null, 0);

    /// <summary>A 200 <c>application/json</c> with no body at all.</summary>
    /// <returns>The fault.</returns>
    public static WireFault EmptyBody() => new(WireFaultKind.EmptyBody, 200, string.Empty, null, 0);

    /// <inheritdoc/>
    public override string ToString() => Kind == WireFaultKind.HttpStatus ? $"{Kind} {StatusCode}" : Kind.ToString();
}
