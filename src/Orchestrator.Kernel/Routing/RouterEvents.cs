using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orchestrator.Telemetry;

namespace Orchestrator.Routing;

/// <summary>Fans router events out to logs, metrics and every registered <see cref="IRouterObserver"/>.</summary>
internal sealed partial class RouterEvents : IDisposable
{
    private readonly IRouterObserver[] _observers;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _breakerTransitions;
    private readonly Counter<long> _unserved;

    public RouterEvents(IEnumerable<IRouterObserver> observers, ILogger<RouterEvents> logger, IMeterFactory? meterFactory = null)
    {
        _observers = [.. observers];
        _logger = logger;
        _meter = meterFactory?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _failovers = _meter.CreateCounter<long>("orchestrator.router.failovers", description: "Requests moved from a failed provider to another.");
        _breakerTransitions = _meter.CreateCounter<long>("orchestrator.router.breaker.transitions", description: "Circuit breaker state changes per provider.");
        _unserved = _meter.CreateCounter<long>("orchestrator.router.unserved", description: "Routed requests no provider could serve.");
    }

    /// <summary>Publishes the breaker state gauge; the router calls it once with a reader of its breakers.</summary>
    public void ObserveBreakers(Func<IEnumerable<(string Provider, BreakerState State)>> states) =>
        _meter.CreateObservableGauge(
            LlmOpsMetricNames.BreakerState,
            () => states().Select(s => new Measurement<int>(GaugeValue(s.State), new KeyValuePair<string, object?>("provider", s.Provider))),
            description: "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.");

    private static int GaugeValue(BreakerState state) => state switch
    {
        BreakerState.Closed => 0,
        BreakerState.HalfOpen => 1,
        _ => 2,
    };

    public void BreakerStateChanged(string provider, BreakerState state)
    {
        LogBreaker(_logger, provider, state);
        _breakerTransitions.Add(1, new("provider", provider), new("state", state.ToString()));
        Notify(o => o.OnBreakerStateChanged(provider, state));
    }

    public void Failover(RoutingAttempt failed, RoutingCandidate next)
    {
        LogFailover(_logger, failed.Provider, failed.Model, failed.FailureKind?.ToString() ?? "error", next.Provider, next.Model);
        _failovers.Add(1, new("from", failed.Provider), new("to", next.Provider));
        Notify(o => o.OnFailover(failed, next));
    }

    public void Decided(RoutingDecision decision)
    {
        if (decision.ServedBy is null)
        {
            _unserved.Add(1);
        }

        LogDecision(_logger, decision.ServedBy?.Provider ?? "(none)", decision.ServedBy?.Model ?? "(none)", decision.Attempts.Count, decision);
        Notify(o => o.OnDecision(decision));
    }

    public void Dispose() => _meter.Dispose();

    private void Notify(Action<IRouterObserver> action)
    {
        foreach (var observer in _observers)
        {
            try
            {
                action(observer);
            }
            catch (Exception ex)
            {
                // An alerting hook must never break routing.
                LogObserverFailed(_logger, observer.GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Circuit of provider {Provider} is now {State}")]
    private static partial void LogBreaker(ILogger logger, string provider, BreakerState state);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Failover from {Provider}/{Model} ({Kind}) to {NextProvider}/{NextModel}")]
    private static partial void LogFailover(ILogger logger, string provider, string model, string kind, string nextProvider, string nextModel);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Routed to {Provider}/{Model} after {Attempts} attempt(s): {Decision}")]
    private static partial void LogDecision(ILogger logger, string provider, string model, int attempts, RoutingDecision decision);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Router observer {Observer} threw; ignored")]
    private static partial void LogObserverFailed(ILogger logger, string observer, Exception exception);
}
