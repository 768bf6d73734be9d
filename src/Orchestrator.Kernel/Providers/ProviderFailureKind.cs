namespace Orchestrator.Providers;

/// <summary>Why a provider call failed. The kind decides whether a router may fail over.</summary>
public enum ProviderFailureKind
{
    /// <summary>The provider did not answer within the attempt's time limit.</summary>
    Timeout,

    /// <summary>The provider answered 429 (rate limited or overloaded).</summary>
    RateLimited,

    /// <summary>The provider answered with a 5xx status.</summary>
    ServerError,

    /// <summary>The connection could not be made or was lost before a response started.</summary>
    ConnectionFailed,

    /// <summary>The provider answered 200 with a body that is empty, not JSON, or of the wrong content type.</summary>
    MalformedResponse,

    /// <summary>A stream was cut after content had started to arrive.</summary>
    StreamInterrupted,

    /// <summary>The provider rejected the request as malformed (400, 404, 422).</summary>
    BadRequest,

    /// <summary>The provider rejected the credentials (401, 403).</summary>
    AuthenticationFailed,

    /// <summary>The provider refused the content under its usage policy.</summary>
    ContentPolicy,
}
