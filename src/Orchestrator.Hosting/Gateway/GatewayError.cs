using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestrator.Budgets;
using Orchestrator.Hosting.Gateway.Wire;
using Orchestrator.Providers;
using Orchestrator.Routing;

namespace Orchestrator.Hosting.Gateway;

/// <summary>
/// An error the gateway answers in OpenAI's format (<c>{"error":{"message","type","param","code"}}</c>) with its
/// HTTP status, and the mapping from Orchestrator's exceptions to it.
/// </summary>
internal sealed record GatewayError(int Status, string Message, string Type, string? Code, string? Param = null, TimeSpan? RetryAfter = null)
{
    public const string InvalidRequest = "invalid_request_error";

    public static GatewayError BadRequest(string message, string? param, string code = "invalid_value") => new(400, message, InvalidRequest, code, param);

    public static GatewayError Unauthorized(string message) => new(401, message, "authentication_error", "invalid_api_key");

    public static GatewayError Forbidden(string message, string code, string? param = "model") => new(403, message, "permission_error", code, param);

    public static GatewayError RateLimited(string message, TimeSpan retryAfter) => new(429, message, "rate_limit_error", "rate_limit_exceeded", null, retryAfter);

    /// <summary>Maps what a routed call threw; <see langword="null"/> for exceptions that are bugs (left to the host).</summary>
    public static GatewayError? FromException(Exception exception) => exception switch
    {
        BudgetExceededException b => new(402, b.Message, "insufficient_quota", "budget_exceeded"),
        BudgetUnavailableException u => new(503, u.Message, "server_error", "budget_unavailable"),
        NoProviderAvailableException { RetryAfter: { } wait } n when wait > TimeSpan.Zero =>
            new(429, $"Every provider that could serve this request is rate limited; retry after {Seconds(wait)} s. {n.Message}", "rate_limit_error", "upstream_rate_limited", null, wait),
        NoProviderAvailableException n => new(503, n.Message, "server_error", "no_provider_available"),
        RoutingConstraintException r => BadRequest(r.Message, null, "routing_constraint"),
        RoutingTimeoutException t => new(504, t.Message, "server_error", "timeout"),
        ProviderRequestRejectedException { Kind: ProviderFailureKind.AuthenticationFailed } p =>
            new(502, $"Provider '{p.Provider}' refused the gateway's credentials; an administrator must fix its API key.", "server_error", "upstream_authentication_failed"),
        ProviderRequestRejectedException { Kind: ProviderFailureKind.ContentPolicy } p => BadRequest(p.Message, "messages", "content_policy_violation"),
        ProviderRequestRejectedException p => BadRequest(p.Message, null, "upstream_rejected"),
        ProviderUnavailableException p => new(503, p.Message, "server_error", "upstream_unavailable"),
        _ => null,
    };

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = Status;
        if (RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Seconds(wait);
        }

        response.ContentType = "application/json";
        await System.Text.Json.JsonSerializer.SerializeAsync(response.Body, ToEnvelope(), GatewayJsonContext.Default.ErrorEnvelope, cancellationToken).ConfigureAwait(false);
    }

    public ErrorEnvelope ToEnvelope() => new(new WireError(Message, Type, Param, Code));

    private static string Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
