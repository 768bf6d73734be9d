using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Orchestrator.Providers;

namespace Orchestrator.Routing;

/// <summary>
/// One Polly circuit breaker per provider endpoint. Polly's breaker is ratio-based; with a failure ratio of 1 and a
/// minimum throughput equal to the threshold it opens after that many failures with no success in the sampling window,
/// which is the "N consecutive failures" policy. Only transient provider failures count.
/// </summary>
internal sealed class CircuitBreakers
{
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly RouterEvents _events;

    public CircuitBreakers(RoutingOptions options, TimeProvider time, RouterEvents events)
    {
        _options = options;
        _time = time;
        _events = events;
    }

    public BreakerState StateOf(string provider)
    {
        var breaker = Get(provider);
        return breaker.State.CircuitState switch
        {
            // Polly moves Open -> HalfOpen only when the next call arrives; report HalfOpen once the break has elapsed,
            // so the router lets that probe call through instead of skipping the provider forever.
            CircuitState.Open when _time.GetUtcNow() >= breaker.OpenUntil => BreakerState.HalfOpen,
            CircuitState.Open or CircuitState.Isolated => BreakerState.Open,
            CircuitState.HalfOpen => BreakerState.HalfOpen,
            _ => BreakerState.Closed,
        };
    }

    public ResiliencePipeline PipelineOf(string provider) => Get(provider).Pipeline;

    /// <summary>Counts a failure that happened outside a pipeline execution (a stream cut after its first token).</summary>
    public void RecordFailure(string provider, Exception failure)
    {
        try
        {
            Get(provider).Pipeline.Execute(static error => throw error, failure);
        }
        catch (Exception ex) when (ReferenceEquals(ex, failure) || ex is BrokenCircuitException)
        {
            // Expected: the pipeline rethrows the failure it just recorded.
        }
    }

    private Breaker Get(string provider) => _breakers.GetOrAdd(provider, Create);

    private Breaker Create(string provider)
    {
        var state = new CircuitBreakerStateProvider();
        Breaker? breaker = null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, _options.BreakerFailureThreshold),
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(0.5, _options.BreakerSamplingSeconds)),
                BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, _options.BreakDurationSeconds)),
                ShouldHandle = new PredicateBuilder().Handle<ProviderUnavailableException>(),
                StateProvider = state,
                OnOpened = args =>
                {
                    breaker!.OpenUntil = _time.GetUtcNow() + args.BreakDuration;
                    return Changed(provider, BreakerState.Open);
                },
                OnHalfOpened = _ => Changed(provider, BreakerState.HalfOpen),
                OnClosed = _ => Changed(provider, BreakerState.Closed),
            })
            .Build();
        breaker = new Breaker(pipeline, state);
        return breaker;
    }

    private ValueTask Changed(string provider, BreakerState state)
    {
        _events.BreakerStateChanged(provider, state);
        return ValueTask.CompletedTask;
    }

    private sealed class Breaker(ResiliencePipeline pipeline, CircuitBreakerStateProvider state)
    {
        public ResiliencePipeline Pipeline { get; } = pipeline;

        public CircuitBreakerStateProvider State { get; } = state;

        public DateTimeOffset OpenUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
