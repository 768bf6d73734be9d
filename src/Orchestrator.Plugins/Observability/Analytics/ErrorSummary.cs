namespace Orchestrator.Plugins.Observability.Analytics;

/// <summary>Failures of one provider model with one error class.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model.</param>
/// <param name="ErrorClass">The error class (<c>rate_limited</c>, <c>timeout</c>...).</param>
/// <param name="Failures">Failed calls.</param>
/// <param name="FailureRate">Failures over all of that model's calls (0-1).</param>
/// <param name="LastSeen">The latest failure.</param>
public sealed record ErrorSummary(string Provider, string Model, string ErrorClass, long Failures, decimal FailureRate, DateTimeOffset LastSeen);
