using Microsoft.Data.Sqlite;
using Orchestrator.Budgets;

namespace Orchestrator.Plugins.Budgets.Sqlite;

/// <summary>
/// The embedded budget ledger: state in a SQLite database (a file, or memory), every operation one
/// <c>BEGIN IMMEDIATE</c> transaction under an in-process lock, so checks and holds are atomic within the process and
/// across processes that share the file. The default when no Redis is configured.
/// </summary>
public sealed partial class SqliteBudgetLedger : IBudgetLedger, IBudgetReport, IBudgetLimitStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _timeZone;
    private bool _opened;

    /// <summary>Initializes a new instance of the <see cref="SqliteBudgetLedger"/> class.</summary>
    /// <param name="connectionString">A SQLite connection string, e.g. <c>Data Source=budgets.db</c>.</param>
    /// <param name="time">The clock for periods and time to live.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    public SqliteBudgetLedger(string connectionString, TimeProvider time, TimeZoneInfo timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connection = new SqliteConnection(connectionString);
        _time = time;
        _timeZone = timeZone;
    }

    /// <summary>Gets how long after its period ends the row of an unlimited pool (which only records spend) is kept.</summary>
    public TimeSpan UnlimitedPoolRetention { get; init; } = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public Task SetLimitAsync(BudgetPool pool, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return InTransactionAsync(tx =>
        {
            Execute(tx, "INSERT INTO budget_limits(pool, limit_micros) VALUES ($p, $l) ON CONFLICT(pool) DO UPDATE SET limit_micros = $l",
                ("$p", pool.Id), ("$l", BudgetMoney.LimitToMicros(limit)));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveLimitAsync(BudgetPool pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return InTransactionAsync(tx =>
        {
            using var command = Command(tx, "DELETE FROM budget_limits WHERE pool = $p", ("$p", pool.Id));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolLimit>> ListLimitsAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<BudgetPoolLimit>>(tx =>
        {
            var result = new List<BudgetPoolLimit>();
            using var command = Command(tx, "SELECT pool, limit_micros FROM budget_limits");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result.Add(new BudgetPoolLimit(BudgetPool.ParseId(reader.GetString(0)), BudgetMoney.ToDollars(reader.GetInt64(1))));
            }

            return result;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<BudgetReservationResult> ReserveAsync(BudgetReservationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ReservationId);
        return InTransactionAsync(tx => Reserve(tx, request), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reservationId);
        return InTransactionAsync(tx => Settle(tx, reservationId, BudgetMoney.ChargeToMicros(actualCost), "settled"), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reservationId);
        return InTransactionAsync(tx => Settle(tx, reservationId, 0, "released"), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var instant = at ?? _time.GetUtcNow();
        return InTransactionAsync<IReadOnlyList<BudgetPoolUsage>>(tx =>
        {
            var result = new List<BudgetPoolUsage>(pools.Count);
            foreach (var pool in pools)
            {
                var bucket = pool.BucketAt(instant, _timeZone);
                var (spent, reserved, _, _) = ReadPool(tx, bucket);
                result.Add(new BudgetPoolUsage(pool, BudgetPeriods.KeyOf(pool.Period, instant, _timeZone), BudgetMoney.ToDollars(spent), BudgetMoney.ToDollars(reserved)));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolUsage>> ListUsageAsync(BudgetScope scope, BudgetPeriod period, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var key = BudgetPeriods.KeyOf(period, at ?? _time.GetUtcNow(), _timeZone);
        var prefix = BudgetPool.ScopeName(scope) + ":";
        var suffix = $":{BudgetPool.PeriodName(period)}:{key}";
        return InTransactionAsync<IReadOnlyList<BudgetPoolUsage>>(tx =>
        {
            var result = new List<BudgetPoolUsage>();
            using var command = Command(tx, "SELECT bucket, spent, reserved FROM budget_pools WHERE substr(bucket, 1, length($p)) = $p AND substr(bucket, -length($s)) = $s",
                ("$p", prefix), ("$s", suffix));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (pool, periodKey) = BudgetPool.ParseBucket(reader.GetString(0));
                result.Add(new BudgetPoolUsage(pool, periodKey, BudgetMoney.ToDollars(reader.GetInt64(1)), BudgetMoney.ToDollars(reader.GetInt64(2))));
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private BudgetReservationResult Reserve(SqliteTransaction tx, BudgetReservationRequest request)
    {
        if (ReadReservation(tx, request.ReservationId) is not null)
        {
            // A retried reserve: the hold already exists (or was settled); do not hold twice.
            return new BudgetReservationResult { Admitted = true, Requested = request.Amount };
        }

        var now = _time.GetUtcNow();
        var amount = BudgetMoney.ChargeToMicros(request.Amount);
        var buckets = new List<string>(request.Pools.Count);
        var caps = new List<long?>(request.Pools.Count);
        foreach (var poolLimit in request.Pools)
        {
            // The cap in force is read in this transaction, so a limit set by any process sharing the file applies at once.
            var pool = poolLimit.Pool;
            var cap = poolLimit.Resolve(ReadLimit(tx, pool.Id), ReadLimit(tx, pool.EveryoneId));
            var bucket = pool.BucketAt(now, _timeZone);
            var (spent, reserved, _, _) = ReadPool(tx, bucket);
            caps.Add(cap);
            if (amount > 0 && cap is { } c && spent + reserved + amount > c)
            {
                return new BudgetReservationResult
                {
                    Admitted = false,
                    RefusedBy = pool,
                    Limit = BudgetMoney.ToDollars(c),
                    Spent = BudgetMoney.ToDollars(spent),
                    Reserved = BudgetMoney.ToDollars(reserved),
                    Requested = request.Amount,
                };
            }

            buckets.Add(bucket);
        }

        for (var i = 0; i < buckets.Count; i++)
        {
            // An unlimited pool only records spend; its row is forgotten a while after its period ends.
            object forget = caps[i] is null
                ? (BudgetPeriods.EndOf(request.Pools[i].Pool.Period, now, _timeZone) + UnlimitedPoolRetention).ToUnixTimeMilliseconds()
                : DBNull.Value;
            Execute(tx, """
                INSERT INTO budget_pools(bucket, spent, reserved, limit_micros, alerted, forget_at) VALUES ($b, 0, $a, $l, 0, $f)
                ON CONFLICT(bucket) DO UPDATE SET reserved = reserved + $a, limit_micros = $l, forget_at = $f
                """, ("$b", buckets[i]), ("$a", amount), ("$l", caps[i] ?? 0), ("$f", forget));
        }

        var expires = now + request.TimeToLive;
        Execute(tx, "INSERT INTO budget_reservations(id, state, amount, pools, expires_at, forget_at) VALUES ($id, 'reserved', $a, $p, $e, $f)",
            ("$id", request.ReservationId), ("$a", amount), ("$p", string.Join('\n', buckets)),
            ("$e", expires.ToUnixTimeMilliseconds()), ("$f", (now + RecordLifetime(request.TimeToLive)).ToUnixTimeMilliseconds()));
        return new BudgetReservationResult { Admitted = true, Requested = request.Amount };
    }

    private static BudgetSettlement Settle(SqliteTransaction tx, string reservationId, long actual, string finalState)
    {
        var reservation = ReadReservation(tx, reservationId);
        if (reservation is null)
        {
            throw new InvalidOperationException($"Budget reservation '{reservationId}' is unknown: it was never made, or it was settled so long ago that its record was forgotten.");
        }

        var (state, amount, pools) = reservation.Value;
        if (state is "settled" or "released")
        {
            return BudgetSettlement.Duplicate;
        }

        var alerts = new List<BudgetAlert>();
        foreach (var bucket in pools.Split('\n'))
        {
            // An expired hold was already released; its spend is still charged, to the period it was reserved in.
            var held = state == "reserved" ? amount : 0;
            Execute(tx, "UPDATE budget_pools SET reserved = reserved - $h, spent = spent + $a WHERE bucket = $b", ("$h", held), ("$a", actual), ("$b", bucket));
            var (spent, _, limit, alerted) = ReadPool(tx, bucket);
            var level = BudgetMoney.AlertLevel(spent, limit);
            if (level > alerted)
            {
                Execute(tx, "UPDATE budget_pools SET alerted = $l WHERE bucket = $b", ("$l", level), ("$b", bucket));
                alerts.AddRange(BudgetMoney.AlertsBetween(bucket, (int)alerted, level, spent, limit));
            }
        }

        Execute(tx, "UPDATE budget_reservations SET state = $s, settled = $a WHERE id = $id", ("$s", finalState), ("$a", actual), ("$id", reservationId));
        return new BudgetSettlement(true, alerts);
    }

    private static TimeSpan RecordLifetime(TimeSpan ttl) => TimeSpan.FromTicks(Math.Max(ttl.Ticks * 2, TimeSpan.FromDays(1).Ticks));
}
