namespace Orchestrator.Budgets;

/// <summary>
/// An in-memory ledger for one host: the local limiter the gate falls back to when the shared ledger is unreachable
/// and <see cref="BudgetOptions.FailOpen"/> allows it. It enforces the same caps, per host, and forgets on restart.
/// </summary>
internal sealed class LocalBudgetLedger : IBudgetLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Spent, long Reserved, long Limit, int Alerted)> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string State, long Amount, string[] Buckets, DateTimeOffset Expires)> _holds = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _timeZone;

    public LocalBudgetLedger(TimeProvider time, TimeZoneInfo timeZone)
    {
        _time = time;
        _timeZone = timeZone;
    }

    public Task<BudgetReservationResult> ReserveAsync(BudgetReservationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var amount = BudgetMoney.ChargeToMicros(request.Amount);
        lock (_gate)
        {
            Expire(now);
            if (_holds.ContainsKey(request.ReservationId))
            {
                return Task.FromResult(new BudgetReservationResult { Admitted = true, Requested = request.Amount });
            }

            // The local limiter cannot see limits set at run time in the shared store: it enforces the configured ones.
            var pools = request.DistinctPools();
            var buckets = pools.Select(p => p.Pool.BucketAt(now, _timeZone)).ToArray();
            var caps = pools.Select(p => p.Resolve(null, null)).ToArray();
            for (var i = 0; i < buckets.Length; i++)
            {
                var pool = _pools.GetValueOrDefault(buckets[i]);
                if (amount > 0 && caps[i] is { } cap && pool.Spent + pool.Reserved + amount > cap)
                {
                    return Task.FromResult(new BudgetReservationResult
                    {
                        Admitted = false,
                        RefusedBy = pools[i].Pool,
                        Limit = BudgetMoney.ToDollars(cap),
                        Spent = BudgetMoney.ToDollars(pool.Spent),
                        Reserved = BudgetMoney.ToDollars(pool.Reserved),
                        Requested = request.Amount,
                    });
                }
            }

            for (var i = 0; i < buckets.Length; i++)
            {
                var pool = _pools.GetValueOrDefault(buckets[i]);
                _pools[buckets[i]] = (pool.Spent, pool.Reserved + amount, caps[i] ?? 0, pool.Alerted);
            }

            _holds[request.ReservationId] = ("reserved", amount, buckets, now + request.TimeToLive);
            return Task.FromResult(new BudgetReservationResult { Admitted = true, Requested = request.Amount });
        }
    }

    public Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default) =>
        Task.FromResult(Finish(reservationId, BudgetMoney.ChargeToMicros(actualCost), "settled"));

    public Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Finish(reservationId, 0, "released"));

    public Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var instant = at ?? _time.GetUtcNow();
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            IReadOnlyList<BudgetPoolUsage> result = [.. pools.Select(p =>
            {
                var pool = _pools.GetValueOrDefault(p.BucketAt(instant, _timeZone));
                return new BudgetPoolUsage(p, BudgetPeriods.KeyOf(p.Period, instant, _timeZone), BudgetMoney.ToDollars(pool.Spent), BudgetMoney.ToDollars(pool.Reserved));
            })];
            return Task.FromResult(result);
        }
    }

    private BudgetSettlement Finish(string reservationId, long actual, string finalState)
    {
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            if (!_holds.TryGetValue(reservationId, out var hold))
            {
                throw new InvalidOperationException($"Budget reservation '{reservationId}' is unknown to the local limiter.");
            }

            if (hold.State is "settled" or "released")
            {
                return BudgetSettlement.Duplicate;
            }

            var alerts = new List<BudgetAlert>();
            foreach (var bucket in hold.Buckets)
            {
                var pool = _pools[bucket];
                var spent = pool.Spent + actual;
                var level = BudgetMoney.AlertLevel(spent, pool.Limit);
                alerts.AddRange(level > pool.Alerted ? BudgetMoney.AlertsBetween(bucket, pool.Alerted, level, spent, pool.Limit) : []);
                _pools[bucket] = (spent, pool.Reserved - (hold.State == "reserved" ? hold.Amount : 0), pool.Limit, Math.Max(level, pool.Alerted));
            }

            _holds[reservationId] = hold with { State = finalState };
            return new BudgetSettlement(true, alerts);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (id, hold) in _holds.Where(h => h.Value.State == "reserved" && h.Value.Expires <= now).ToList())
        {
            foreach (var bucket in hold.Buckets)
            {
                var pool = _pools[bucket];
                _pools[bucket] = pool with { Reserved = pool.Reserved - hold.Amount };
            }

            _holds[id] = hold with { State = "expired" };
        }

        // Finished holds are kept a day for idempotent retries, then forgotten so the limiter's memory stays bounded.
        foreach (var id in _holds.Where(h => h.Value.State != "reserved" && h.Value.Expires.AddDays(1) <= now).Select(h => h.Key).ToList())
        {
            _holds.Remove(id);
        }
    }
}
