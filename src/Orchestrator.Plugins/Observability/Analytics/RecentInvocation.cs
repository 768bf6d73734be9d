namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>One logged call, as the dashboard lists it (no prompt or reply text: the log keeps none).</summary>
/// <param name="RequestId">The request id.</param>
/// <param name="StartedAt">When the call started.</param>
/// <param name="UserId">The user, if known.</param>
/// <param name="Provider">The provider that served or failed it.</param>
/// <param name="Model">The model.</param>
/// <param name="Tier">The model's tier.</param>
/// <param name="Status"><c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="ErrorClass">The error class of a failed call.</param>
/// <param name="RoutingAttempts">Attempts the router made.</param>
/// <param name="Tokens">Input plus output tokens.</param>
/// <param name="CostUsd">Cost in US dollars.</param>
/// <param name="LatencyMs">Latency in milliseconds.</param>
/// <param name="TimeToFirstTokenMs">Time to first token of a streamed call.</param>
/// <param name="PrivacyMode">Whether privacy mode applied.</param>
public sealed record RecentInvocation(
    string RequestId,
    DateTimeOffset StartedAt,
    string? UserId,
    string Provider,
    string Model,
    int Tier,
    string Status,
    string? ErrorClass,
    int RoutingAttempts,
    long Tokens,
    decimal CostUsd,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    bool PrivacyMode);
