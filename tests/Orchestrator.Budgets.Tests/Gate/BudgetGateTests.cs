using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>The gate's own behaviour over a ledger: retried settles and alerts delivered to observers.</summary>
public sealed class BudgetGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly BudgetOptions Options = new()
    {
        Limits = [new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 1m }],
    };

    [Fact]
    public async Task A_settle_whose_reply_was_lost_is_retried_and_counted_once()
    {
        var ledger = new LostReplyLedger(new LocalBudgetLedger(TimeProvider.System, TimeZoneInfo.Utc));
        var observer = new Observer();
        using var events = new BudgetEvents([observer], NullLogger<BudgetEvents>.Instance, null, null);
        var gate = new BudgetGate(ledger, new BudgetLimits(Options.Limits), Options, TimeProvider.System, events, NullLogger<BudgetGate>.Instance);
        var alice = new BudgetSubject("alice", null, null);

        var hold = await gate.ReserveAsync(alice, 0.9m, Ct);
        await gate.SettleAsync(hold, 0.85m, Ct);

        Assert.Equal(2, ledger.Settles);
        var status = (await gate.GetStatusAsync(alice, Ct)).Single(s => s.Limit is not null);
        Assert.Equal(0.85m, status.Spent);
        Assert.Equal(0m, status.Reserved);
        // The alert fired by the lost reply is not repeated by the retry.
        Assert.Empty(observer.Alerts);
        hold = await gate.ReserveAsync(alice, 0.1m, Ct);
        await gate.SettleAsync(hold, 0.1m, Ct);
        Assert.Equal([90, 95], observer.Alerts.Select(a => a.ThresholdPercent));
    }

    private sealed class Observer : IBudgetAlertObserver
    {
        public List<BudgetAlert> Alerts { get; } = [];

        public Task OnAlertAsync(BudgetAlert alert, CancellationToken cancellationToken = default)
        {
            Alerts.Add(alert);
            return Task.CompletedTask;
        }
    }

    /// <summary>Applies the first settle, then loses its reply as a timed-out Redis call would.</summary>
    private sealed class LostReplyLedger(IBudgetLedger inner) : IBudgetLedger
    {
        public int Settles { get; private set; }

        public Task<BudgetReservationResult> ReserveAsync(BudgetReservationRequest request, CancellationToken cancellationToken = default) => inner.ReserveAsync(request, cancellationToken);

        public async Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default)
        {
            var result = await inner.SettleAsync(reservationId, actualCost, cancellationToken);
            if (++Settles == 1)
            {
                throw new BudgetUnavailableException("timed out", new TimeoutException());
            }

            return result;
        }

        public Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default) => inner.ReleaseAsync(reservationId, cancellationToken);

        public Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default) => inner.GetUsageAsync(pools, at, cancellationToken);
    }
}
