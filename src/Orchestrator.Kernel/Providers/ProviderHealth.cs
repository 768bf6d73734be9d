namespace Orchestrator.Providers;

/// <summary>The outcome of one health check of a provider.</summary>
/// <param name="IsHealthy">Whether the provider answered its health probe correctly.</param>
/// <param name="Detail">What was checked or what failed, free of secrets.</param>
/// <param name="Latency">How long the probe took.</param>
/// <param name="CheckedAt">When the probe ran.</param>
public sealed record ProviderHealth(bool IsHealthy, string Detail, TimeSpan Latency, DateTimeOffset CheckedAt);
