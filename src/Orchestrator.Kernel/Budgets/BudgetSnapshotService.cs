using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Budgets;

/// <summary>
/// Every <see cref="BudgetOptions.SnapshotIntervalSeconds"/>, reads every pool of the current periods from the ledger,
/// refreshes the <c>orchestrator.budget.utilization</c> gauge and writes the <c>budget_pools</c> mirrors. Off the
/// request path; a failed round is logged and retried on the next tick.
/// </summary>
internal sealed class BudgetSnapshotService : BackgroundService
{
    private readonly BudgetGate _gate;
    private readonly BudgetEvents _events;
    private readonly IBudgetPoolMirror[] _mirrors;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BudgetSnapshotService(BudgetGate gate, BudgetEvents events, IEnumerable<IBudgetPoolMirror> mirrors, BudgetOptions options, TimeProvider time, ILogger<BudgetSnapshotService> logger)
    {
        _gate = gate;
        _events = events;
        _mirrors = [.. mirrors];
        _interval = TimeSpan.FromSeconds(options.SnapshotIntervalSeconds);
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one round: read, publish to the gauge, write the mirrors.</summary>
    public async Task<IReadOnlyList<BudgetPoolSnapshot>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var pools = await _gate.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        _events.Observe(pools);
        foreach (var mirror in _mirrors)
        {
            await mirror.WriteBudgetPoolsAsync(pools, cancellationToken).ConfigureAwait(false);
        }

        return pools;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                BudgetLog.SnapshotFailed(_logger, ex);
            }

            try
            {
                await Task.Delay(_interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
