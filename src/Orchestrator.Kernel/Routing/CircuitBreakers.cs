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
        // The state the breaker's own transition callbacks recorded: Polly's state provider answers under the breaker's
        // lock, which every routed request would otherwise take (the callbacks complete before the call that caused the
        // transition returns, so this is never behind what that call saw).
        var breaker = Get(provider);
        return breaker.State switch
        {
            // Polly moves Open -> HalfOpen only when the next call arrives; report HalfOpen once the break has elapsed,
            // so the router lets that probe call through instead of skipping the provider forever.
            BreakerState.Open when _time.GetUtcNow() >= breaker.OpenUntil => BreakerState.HalfOpen,
            var state => state,
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
        Breaker? breaker = null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, _options.BreakerFailureThreshold),
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(0.5, _options.BreakerSamplingSeconds)),
                BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, _options.BreakDurationSeconds)),
                ShouldHandle = new PredicateBuilder().Handle<ProviderUnavailableException>(),
                OnOpened = args =>
                {
                    breaker!.OpenUntil = _time.GetUtcNow() + args.BreakDuration;
                    return Changed(breaker, provider, BreakerState.Open);
                },
                OnHalfOpened = _ => Changed(breaker!, provider, BreakerState.HalfOpen),
                OnClosed = _ => Changed(breaker!, provider, BreakerState.Closed),
            })
            .Build();
        breaker = new Breaker(pipeline);
        return breaker;
    }

    private ValueTask Changed(Breaker breaker, string provider, BreakerState state)
    {
        breaker.State = state;
        _events.BreakerStateChanged(provider, state);
        return ValueTask.CompletedTask;
    }

    private sealed class Breaker(ResiliencePipeline pipeline)
    {
        private volatile BreakerState _state = BreakerState.Closed;

        public ResiliencePipeline Pipeline { get; } = pipeline;

        public BreakerState State
        {
            get => _state;
            set => _state = value;
        }

        public DateTimeOffset OpenUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
