using Orchestrator.Providers;
using Orchestrator.Telemetry;

namespace Orchestrator.Plugins.Observability;

/// <summary>How enum values are spelled in the database: lower-case words that analytics SQL and dashboards filter on.</summary>
internal static class LlmOpsColumns
{
    public static string Status(InvocationStatus status) => status switch
    {
        InvocationStatus.Succeeded => "succeeded",
        InvocationStatus.Failed => "failed",
        _ => "cancelled",
    };

    public static string? ErrorClass(ProviderFailureKind? kind) => kind switch
    {
        null => null,
        ProviderFailureKind.Timeout => "timeout",
        ProviderFailureKind.RateLimited => "rate_limited",
        ProviderFailureKind.ServerError => "server_error",
        ProviderFailureKind.ConnectionFailed => "connection_failed",
        ProviderFailureKind.MalformedResponse => "malformed_response",
        ProviderFailureKind.StreamInterrupted => "stream_interrupted",
        ProviderFailureKind.BadRequest => "bad_request",
        ProviderFailureKind.AuthenticationFailed => "authentication_failed",
        ProviderFailureKind.ContentPolicy => "content_policy",
        _ => kind.Value.ToString().ToUpperInvariant(),
    };
}
