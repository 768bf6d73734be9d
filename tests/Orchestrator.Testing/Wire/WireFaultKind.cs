namespace Orchestrator.Testing.Wire;

/// <summary>What a <see cref="WireFault"/> does to the exchange.</summary>
public enum WireFaultKind
{
    /// <summary>An HTTP error status with the provider's error JSON (and <c>Retry-After</c> when set).</summary>
    HttpStatus,

    /// <summary>Never answers: no headers are sent until the client gives up or the server stops.</summary>
    Hang,

    /// <summary>Starts a normal 200 reply, sends some chunks, then aborts the TCP connection.</summary>
    DropConnection,

    /// <summary>Starts a normal streamed reply, sends some chunks, then the provider's in-stream error event, and ends.</summary>
    StreamError,

    /// <summary>A 200 with the right content type whose body is not valid JSON (or SSE data that is not JSON).</summary>
    MalformedJson,

    /// <summary>A 200 <c>text/html</c> page instead of JSON, as a captive portal or misrouted proxy sends.</summary>
    WrongContentType,

    /// <summary>A 200 <c>application/json</c> with an empty body.</summary>
    EmptyBody,
}
