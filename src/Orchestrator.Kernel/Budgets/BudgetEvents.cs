using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Telemetry;

namespace Orchestrator.Budgets;

/// <summary>Publishes alerts and refusals: observers, a log entry, a metric, and the optional webhook.</summary>
internal sealed class BudgetEvents : IDisposable
{
    private readonly IBudgetAlertObserver[] _observers;
    private readonly ILogger _logger;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _refusals;
    private readonly Meter _meter;
    private readonly Uri? _webhook;
    private readonly HttpClient? _http;

    public BudgetEvents(IEnumerable<IBudgetAlertObserver> observers, ILogger<BudgetEvents> logger, IMeterFactory? meters, string? webhook)
    {
        _observers = [.. observers];
        _logger = logger;
        _meter = meters?.Create(OrchestratorTelemetry.SourceName) ?? new Meter(OrchestratorTelemetry.SourceName);
        _alerts = _meter.CreateCounter<long>("orchestrator.budget.alerts", "{alert}", "Budget thresholds crossed (80, 90, 95 percent), once per pool and period.");
        _refusals = _meter.CreateCounter<long>("orchestrator.budget.refusals", "{call}", "Calls refused because a budget pool had no room.");
        if (!string.IsNullOrWhiteSpace(webhook))
        {
            _webhook = new Uri(webhook);
            _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
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

            if (_http is not null)
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(_webhook, alert).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                }
                catch (Exception ex)
                {
                    BudgetLog.ObserverFailed(_logger, ex);
                }
            }
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        // A factory-made meter is owned by the factory, which ignores a Dispose; our own must be disposed.
        _meter.Dispose();
    }
}
