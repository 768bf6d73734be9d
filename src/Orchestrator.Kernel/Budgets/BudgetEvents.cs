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

    public BudgetEvents(IEnumerable<IBudgetAlertObserver> observers, ILogger<BudgetEvents> logger, IMeterFactory? meters, BudgetOptions? options, TimeProvider? time = null)
    {
        _observers = [.. observers];
        _logger = logger;
        _meter = meters?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _alerts = _meter.CreateCounter<long>("orchestrator.budget.alerts", "{alert}", "Budget thresholds crossed (80, 90, 95 percent), once per pool and period.");
        _refusals = _meter.CreateCounter<long>("orchestrator.budget.refusals", "{call}", "Calls refused because a budget pool had no room.");
        if (!string.IsNullOrWhiteSpace(options?.AlertWebhook))
        {
            _webhook = new BudgetAlertWebhook(new Uri(options.AlertWebhook), options, time ?? TimeProvider.System, logger);
        }
    }

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
