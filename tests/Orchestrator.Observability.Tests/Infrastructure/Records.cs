using Orchestrator.Providers;
using Orchestrator.Telemetry;
using Orchestrator.Usage;

namespace Orchestrator.Observability.Tests.Infrastructure;

/// <summary>Builds invocation records for tests, every field settable.</summary>
public static class Records
{
    private static int _sequence;

    public static InvocationRecord Invocation(
        DateTimeOffset at, string provider = "openai", string model = "gpt-4o-mini", int tier = 3, decimal cost = 0.001m,
        double latencyMs = 500, double? ttftMs = null, InvocationStatus status = InvocationStatus.Succeeded, ProviderFailureKind? error = null,
        string? user = null, bool privacy = false, bool streamed = false, long input = 100, long output = 50, long cached = 0,
        string? workflow = null, string? version = null, string? agent = null, int attempt = 1, bool local = false) => new()
        {
            RequestId = $"req-{Interlocked.Increment(ref _sequence):D8}-{Guid.NewGuid():N}",
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            StartedAt = at,
            Provider = provider,
            Model = model,
            Tier = tier,
            Local = local,
            Streamed = streamed || ttftMs is not null,
            Usage = new InvocationUsage(input, output, cached, false, cost),
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            TimeToFirstToken = ttftMs is null ? null : TimeSpan.FromMilliseconds(ttftMs.Value),
            Status = status,
            ErrorKind = error,
            ErrorMessage = error is null ? null : $"{error} from {provider}",
            UserId = user,
            WorkflowId = workflow,
            WorkflowVersion = version,
            AgentId = agent,
            PrivacyMode = privacy,
            RoutingAttempt = attempt,
        };
}
