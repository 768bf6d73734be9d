using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orchestrator.Telemetry;

namespace Orchestrator.Budgets;

/// <summary>Publishes alerts and refusals: observers, a log entry, a metric, and the optional webhook.</summary>
internal sealed class BudgetEvents : IAsyncDisposable, IDisposable
{
    private readonly IBudgetAlertObserver[] _observers;
    private readonly ILogger _logger;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _refusals;
    private readonly Meter _meter;
    private readonly BudgetAlertWebhook? _webhook;
    private readonly int _maxGaugePools;
    private volatile Measurement<double>[] _utilization = [];

    public BudgetEvents(IEnumerable<IBudgetAlertObserver> observers, ILogger<BudgetEvents> logger, IMeterFactory? meters, BudgetOptions? options, TimeProvider? time = null)
    {
        _observers = [.. observers];
        _logger = logger;
        _meter = meters?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _alerts = _meter.CreateCounter<long>("orchestrator.budget.alerts", "{alert}", "Budget thresholds crossed (80, 90, 95 percent), once per pool and period.");
        _refusals = _meter.CreateCounter<long>("orchestrator.budget.refusals", "{call}", "Calls refused because a budget pool had no room.");
        _maxGaugePools = options?.MetricsMaxPools ?? 100;
        _meter.CreateObservableGauge(LlmOpsMetricNames.BudgetUtilization, () => _utilization, description: "Budget pools' spend as a fraction of their cap (1 = the cap), the most utilized limited pools of the current periods.");
        if (!string.IsNullOrWhiteSpace(options?.AlertWebhook))
        {
            _webhook = new BudgetAlertWebhook(new Uri(options.AlertWebhook), options, time ?? TimeProvider.System, logger);
        }
    }

    /// <summary>Replaces what the utilization gauge reports: the most utilized limited pools, at most the configured number.</summary>
    public void Observe(IReadOnlyList<BudgetPoolSnapshot> pools) =>
        _utilization = [.. pools
            .Where(p => p.Status.Limit > 0)
            .Select(p => (p.Status.Pool, Ratio: (double)(p.Status.Spent / p.Status.Limit!.Value)))
            .OrderByDescending(p => p.Ratio).ThenBy(p => p.Pool.Id, StringComparer.Ordinal)
            .Take(_maxGaugePools)
            .Select(p => new Measurement<double>(p.Ratio,
                new KeyValuePair<string, object?>("orchestrator.budget.pool", p.Pool.Id),
                new KeyValuePair<string, object?>("orchestrator.budget.period", BudgetPool.PeriodName(p.Pool.Period))))];

    public void Refused(BudgetReservationResult result)
    {
        _refusals.Add(1, new KeyValuePair<string, object?>("orchestrator.budget.pool", result.RefusedBy?.Id));
        BudgetLog.Refused(_logger, result.RefusedBy?.Id ?? string.Empty, result.Spent, result.Reserved, result.Limit, result.Requested);
    }

    public async Task PublishAsync(IReadOnlyList<BudgetAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            BudgetLog.Alert(_logger, alert.Pool, alert.ThresholdPercent, alert.Limit, alert.PeriodKey, alert.Spent);
            _alerts.Add(1, new KeyValuePair<string, object?>("orchestrator.budget.pool", alert.Pool), new KeyValuePair<string, object?>("orchestrator.budget.threshold", alert.ThresholdPercent));
            foreach (var observer in _observers)
            {
                try
                {
                    await observer.OnAlertAsync(alert).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    BudgetLog.ObserverFailed(_logger, ex);
                }
            }

            // Queued, never awaited: the webhook is posted (and retried) in the background.
            _webhook?.Enqueue(alert);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync().ConfigureAwait(false);
        }

        // A factory-made meter is owned by the factory, which ignores a Dispose; our own must be disposed.
        _meter.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
