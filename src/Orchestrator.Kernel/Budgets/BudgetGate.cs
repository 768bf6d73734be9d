using Microsoft.Extensions.Logging;

namespace Orchestrator.Budgets;

/// <summary>
/// Checks calls against their budgets: holds a call's worst case before it is sent, settles it to the actual cost
/// after, and reads the current spend and what remains (the cost tracker). The chat-client middleware and the kernel
/// filters go through it.
/// </summary>
public sealed class BudgetGate
{
    private readonly IBudgetLedger _ledger;
    private readonly LocalBudgetLedger? _local;
    private readonly BudgetEvents _events;
    private readonly ILogger _logger;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private const int SettleAttempts = 3;

    internal BudgetGate(IBudgetLedger ledger, BudgetLimits limits, BudgetOptions options, TimeProvider time, BudgetEvents events, ILogger<BudgetGate> logger)
    {
        _ledger = ledger;
        Limits = limits;
        _events = events;
        _logger = logger;
        _ttl = TimeSpan.FromSeconds(options.ReservationTtlSeconds);
        _time = time;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _local = options.FailOpen ? new LocalBudgetLedger(time, TimeZone) : null;
    }

    /// <summary>Gets the limits in force.</summary>
    public BudgetLimits Limits { get; }

    /// <summary>Gets the ledger.</summary>
    public IBudgetLedger Ledger => _ledger;

    /// <summary>Gets the time zone whose calendar bounds the periods.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Holds a call's worst-case cost in every pool that applies to it.</summary>
    /// <param name="subject">Whom the call is for.</param>
    /// <param name="worstCase">The most the call can cost, in US dollars.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The hold, to settle or release when the call ends.</returns>
    /// <exception cref="BudgetExceededException">A pool has no room for the call.</exception>
    /// <exception cref="BudgetUnavailableException">The ledger is unreachable and fail-open is off.</exception>
    public async Task<BudgetHold> ReserveAsync(BudgetSubject subject, decimal worstCase, CancellationToken cancellationToken = default)
    {
        var pools = Limits.For(subject);
        if (pools.Count == 0)
        {
            return new BudgetHold(string.Empty, 0m, null);
        }

        var request = new BudgetReservationRequest(Guid.CreateVersion7().ToString("N"), pools, worstCase, _ttl);
        var ledger = _ledger;
        BudgetReservationResult result;
        try
        {
            result = await _ledger.ReserveAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BudgetUnavailableException ex) when (_local is not null)
        {
            BudgetLog.FailedOpen(_logger, ex);
            ledger = _local;
            result = await _local.ReserveAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BudgetUnavailableException ex)
        {
            BudgetLog.FailedClosed(_logger, ex);
            throw;
        }

        if (!result.Admitted)
        {
            _events.Refused(result);
            result.ThrowIfRefused();
        }

        return new BudgetHold(request.ReservationId, worstCase, ledger);
    }

    /// <summary>Charges what a call consumed and releases the rest of its hold. Never throws for a ledger failure: it logs it.</summary>
    /// <param name="hold">The hold.</param>
    /// <param name="actualCost">The call's cost in US dollars (0 releases the hold).</param>
    /// <param name="cancellationToken">Cancels the settlement; callers pass <see cref="CancellationToken.None"/> after a cancelled call.</param>
    /// <returns>A task that completes when settled.</returns>
    public async Task SettleAsync(BudgetHold hold, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (hold.Ledger is null)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var settlement = actualCost > 0
                    ? await hold.Ledger.SettleAsync(hold.Id, actualCost, cancellationToken).ConfigureAwait(false)
                    : await hold.Ledger.ReleaseAsync(hold.Id, cancellationToken).ConfigureAwait(false);
                await _events.PublishAsync(settlement.Alerts).ConfigureAwait(false);
                return;
            }
            catch (BudgetUnavailableException) when (attempt < SettleAttempts)
            {
                // Settles are idempotent by reservation id, so retrying one whose reply was lost (a timeout after the
                // script ran) counts it once.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BudgetUnavailableException or InvalidOperationException)
            {
                // The call has already happened: failing it now would not un-spend the money.
                BudgetLog.SettleFailed(_logger, actualCost, hold.Id, ex);
                return;
            }
        }
    }

    /// <summary>Records spend that already happened (a call made outside Orchestrator), in every pool that applies, even past a cap.</summary>
    /// <param name="subject">Whom the spend was for.</param>
    /// <param name="cost">The cost in US dollars.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>The alerts the spend raised.</returns>
    public async Task<IReadOnlyList<BudgetAlert>> TrackAsync(BudgetSubject subject, decimal cost, CancellationToken cancellationToken = default)
    {
        var pools = Limits.For(subject);
        if (pools.Count == 0)
        {
            return [];
        }

        // A zero hold is always admitted; settling it charges the cost to the same pools and periods.
        var request = new BudgetReservationRequest(Guid.CreateVersion7().ToString("N"), pools, 0m, _ttl);
        await _ledger.ReserveAsync(request, cancellationToken).ConfigureAwait(false);
        var settlement = await _ledger.SettleAsync(request.ReservationId, cost, cancellationToken).ConfigureAwait(false);
        await _events.PublishAsync(settlement.Alerts).ConfigureAwait(false);
        return settlement.Alerts;
    }

    /// <summary>Lists the pools of a scope and period with spend this period, with the cap in force, for reports.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="period">The period kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pools' status; unlimited pools have no limit.</returns>
    /// <exception cref="NotSupportedException">The ledger cannot list its pools.</exception>
    public async Task<IReadOnlyList<BudgetPoolStatus>> ListStatusAsync(BudgetScope scope, BudgetPeriod period, CancellationToken cancellationToken = default)
    {
        var report = _ledger as IBudgetReport ?? throw new NotSupportedException($"The budget ledger {_ledger.GetType().Name} cannot list its pools.");
        var usage = await report.ListUsageAsync(scope, period, null, cancellationToken).ConfigureAwait(false);
        var overrides = await ReadOverridesAsync(cancellationToken).ConfigureAwait(false);
        return [.. usage.Select(u => new BudgetPoolStatus(u.Pool, u.PeriodKey, Effective(Limits.ConfiguredFor(u.Pool), overrides), u.Spent, u.Reserved))];
    }

    /// <summary>Reads every pool of every scope and period with spend or holds in its current period, with the period's bounds.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pools, for the utilization gauge and the <c>budget_pools</c> mirror.</returns>
    /// <exception cref="NotSupportedException">The ledger cannot list its pools.</exception>
    public async Task<IReadOnlyList<BudgetPoolSnapshot>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var result = new List<BudgetPoolSnapshot>();
        foreach (var period in Enum.GetValues<BudgetPeriod>())
        {
            var start = BudgetPeriods.StartOf(period, now, TimeZone);
            var end = BudgetPeriods.EndOf(period, now, TimeZone);
            foreach (var scope in Enum.GetValues<BudgetScope>())
            {
                var pools = await ListStatusAsync(scope, period, cancellationToken).ConfigureAwait(false);
                result.AddRange(pools.Select(p => new BudgetPoolSnapshot(p, start, end)));
            }
        }

        return result;
    }

    /// <summary>Finds a pool of the subject that has nothing left this period, for work that must not start then (a tool call).</summary>
    /// <param name="subject">Whom to check for.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The refusal to report, or <see langword="null"/> when every pool has room.</returns>
    public async Task<BudgetExceededException?> FindExhaustedAsync(BudgetSubject subject, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(subject, cancellationToken).ConfigureAwait(false);
        var exhausted = status.FirstOrDefault(s => s.Remaining <= 0);
        return exhausted is null ? null : new BudgetExceededException(exhausted.Pool, exhausted.Limit ?? 0m, exhausted.Spent, exhausted.Reserved, 0m);
    }

    /// <summary>Reads every pool that applies to a subject: cap, spend, holds and what remains this period.</summary>
    /// <param name="subject">Whom to read for.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One status per pool; unlimited pools (which only record spend) have no limit.</returns>
    public async Task<IReadOnlyList<BudgetPoolStatus>> GetStatusAsync(BudgetSubject subject, CancellationToken cancellationToken = default)
    {
        var pools = Limits.For(subject);
        var overrides = await ReadOverridesAsync(cancellationToken).ConfigureAwait(false);
        var usage = await _ledger.GetUsageAsync([.. pools.Select(p => p.Pool)], null, cancellationToken).ConfigureAwait(false);
        return [.. pools.Select((p, i) => new BudgetPoolStatus(p.Pool, usage[i].PeriodKey, Effective(p, overrides), usage[i].Spent, usage[i].Reserved))];
    }

    /// <summary>Sets a pool's cap in the ledger, where every host sharing it enforces it at once; it overrides configuration and survives restarts.</summary>
    /// <param name="pool">The pool; name <c>*</c> for everyone in the scope.</param>
    /// <param name="limit">The cap in US dollars per period.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="NotSupportedException">The ledger cannot store limits.</exception>
    public Task SetLimitAsync(BudgetPool pool, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return LimitStore.SetLimitAsync(pool, limit, cancellationToken);
    }

    /// <summary>Removes a cap set through <see cref="SetLimitAsync"/>; the configured one, if any, applies again.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a limit was removed.</returns>
    /// <exception cref="NotSupportedException">The ledger cannot store limits.</exception>
    public Task<bool> RemoveLimitAsync(BudgetPool pool, CancellationToken cancellationToken = default) => LimitStore.RemoveLimitAsync(pool, cancellationToken);

    /// <summary>Lists the caps set at run time (through <see cref="SetLimitAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The limits; empty when the ledger cannot store limits.</returns>
    public Task<IReadOnlyList<BudgetPoolLimit>> ListSetLimitsAsync(CancellationToken cancellationToken = default) =>
        _ledger is IBudgetLimitStore store ? store.ListLimitsAsync(cancellationToken) : Task.FromResult<IReadOnlyList<BudgetPoolLimit>>([]);

    private IBudgetLimitStore LimitStore =>
        _ledger as IBudgetLimitStore ?? throw new NotSupportedException($"The budget ledger {_ledger.GetType().Name} cannot store limits.");

    private async Task<Dictionary<string, long>> ReadOverridesAsync(CancellationToken cancellationToken) =>
        (await ListSetLimitsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Pool.Id, l => BudgetMoney.LimitToMicros(l.Limit ?? 0m), StringComparer.Ordinal);

    private static decimal? Effective(BudgetPoolLimit configured, Dictionary<string, long> overrides)
    {
        var named = overrides.TryGetValue(configured.Pool.Id, out var n) ? n : (long?)null;
        var everyone = configured.Pool.EveryoneId is { } id && overrides.TryGetValue(id, out var e) ? e : (long?)null;
        return configured.Resolve(named, everyone) is { } micros ? BudgetMoney.ToDollars(micros) : null;
    }
}
