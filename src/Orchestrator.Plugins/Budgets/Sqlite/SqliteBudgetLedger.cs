using Microsoft.Data.Sqlite;
using Orchestrator.Budgets;

namespace Orchestrator.Plugins.Budgets.Sqlite;

/// <summary>
/// The embedded budget ledger: state in a SQLite database (a file, or memory). Operations run one after another in
/// <c>BEGIN IMMEDIATE</c> transactions, so checks and holds are atomic within the process and across processes that
/// share the file; concurrent callers share one transaction (group commit) and each gets its own answer. The
/// default when no Redis is configured. Statements are prepared once per connection; a reserve or a settle is a
/// handful of them whatever the number of pools.
/// </summary>
public sealed partial class SqliteBudgetLedger : IBudgetLedger, IBudgetReport, IBudgetLimitStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _timeZone;
    private Statements? _statements;
    private long _nextSweep;
    private long _nextCheckpoint;
    private bool _sweptInTransaction;

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

    /// <summary>
    /// Gets how often, at most, a reserve or settle first releases expired holds and forgets old rows (one second by
    /// default). Whatever it is, a reserve that would be refused releases expired holds first and checks again, and
    /// reports (<see cref="GetUsageAsync"/>, <see cref="ListUsageAsync"/>) always do, so an expired hold never refuses a
    /// call nor shows as held.
    /// </summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets how long, at most, committed spend waits for a checkpoint (ten seconds by default): the ledger commits
    /// without an fsync (<c>synchronous = NORMAL</c>), so a power loss (not a process crash) can forget the spend
    /// committed since the last checkpoint. Under load the WAL's size (10,000 pages) triggers checkpoints sooner.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public Task SetLimitAsync(BudgetPool pool, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return InTransactionAsync((tx, _) => _statements!.SetLimit.Bind(tx, pool.Id, BudgetMoney.LimitToMicros(limit)).ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveLimitAsync(BudgetPool pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return InTransactionAsync((tx, _) => _statements!.RemoveLimit.Bind(tx, pool.Id).ExecuteNonQuery() > 0, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolLimit>> ListLimitsAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync<IReadOnlyList<BudgetPoolLimit>>((tx, _) =>
        {
            var result = new List<BudgetPoolLimit>();
            using var reader = _statements!.ListLimits.Bind(tx).ExecuteReader();
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
        return InTransactionAsync((tx, now) => Reserve(tx, now, request), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reservationId);
        return InTransactionAsync((tx, _) => Settle(tx, reservationId, BudgetMoney.ChargeToMicros(actualCost), "settled"), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reservationId);
        return InTransactionAsync((tx, _) => Settle(tx, reservationId, 0, "released"), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var instant = at ?? _time.GetUtcNow();
        return InTransactionAsync<IReadOnlyList<BudgetPoolUsage>>((tx, _) =>
        {
            var result = new List<BudgetPoolUsage>(pools.Count);
            foreach (var pool in pools)
            {
                var (spent, reserved) = ReadPool(tx, pool.BucketAt(instant, _timeZone));
                result.Add(new BudgetPoolUsage(pool, BudgetPeriods.KeyOf(pool.Period, instant, _timeZone), BudgetMoney.ToDollars(spent), BudgetMoney.ToDollars(reserved)));
            }

            return result;
        }, cancellationToken, sweep: true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BudgetPoolUsage>> ListUsageAsync(BudgetScope scope, BudgetPeriod period, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var key = BudgetPeriods.KeyOf(period, at ?? _time.GetUtcNow(), _timeZone);
        var prefix = BudgetPool.ScopeName(scope) + ":";
        var suffix = $":{BudgetPool.PeriodName(period)}:{key}";
        return InTransactionAsync<IReadOnlyList<BudgetPoolUsage>>((tx, _) =>
        {
            var result = new List<BudgetPoolUsage>();
            using var reader = _statements!.ListPools.Bind(tx, prefix, suffix).ExecuteReader();
            while (reader.Read())
            {
                var (pool, periodKey) = BudgetPool.ParseBucket(reader.GetString(0));
                result.Add(new BudgetPoolUsage(pool, periodKey, BudgetMoney.ToDollars(reader.GetInt64(1)), BudgetMoney.ToDollars(reader.GetInt64(2))));
            }

            return result;
        }, cancellationToken, sweep: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _statements?.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _statements?.Dispose();
        _connection.Dispose();
    }

    private BudgetReservationResult Reserve(SqliteTransaction tx, long nowMs, BudgetReservationRequest request)
    {
        var statements = _statements!;
        if (ReadReservation(statements, tx, request.ReservationId) is not null)
        {
            // A retried reserve: the hold already exists (or was settled); do not hold twice.
            return new BudgetReservationResult { Admitted = true, Requested = request.Amount };
        }

        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var amount = BudgetMoney.ChargeToMicros(request.Amount);

        var pools = request.DistinctPools();
        var buckets = pools.Select(p => p.Pool.BucketAt(now, _timeZone)).ToList();

        // The caps in force are read in this transaction, so a limit set by any process sharing the file applies at once.
        var caps = ResolveCaps(tx, pools);
        if (amount > 0 && Refusal(tx, pools, buckets, caps, amount, request.Amount) is { } refusal)
        {
            if (_sweptInTransaction)
            {
                return refusal;
            }

            // The sweep was skipped: an expired hold may still count. Release them, then decide.
            Sweep(tx, nowMs);
            if (Refusal(tx, pools, buckets, caps, amount, request.Amount) is { } confirmed)
            {
                return confirmed;
            }
        }

        // Rows [bucket, cap, forget_at]: an unlimited pool only records spend; its row is forgotten a while after its
        // period ends.
        var forget = new long?[pools.Count];
        for (var i = 0; i < pools.Count; i++)
        {
            forget[i] = caps[i] is null ? (pools[i].Pool.PeriodEndAt(now, _timeZone) + UnlimitedPoolRetention).ToUnixTimeMilliseconds() : null;
        }

        var rows = Json((buckets, caps, forget), static (writer, s) =>
        {
            for (var i = 0; i < s.buckets.Count; i++)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(s.buckets[i]);
                WriteNumberOrNull(writer, s.caps[i]);
                WriteNumberOrNull(writer, s.forget[i]);
                writer.WriteEndArray();
            }
        });

        statements.HoldInPools.Bind(tx, amount, rows).ExecuteNonQuery();
        statements.InsertReservation.Bind(tx, request.ReservationId, amount, string.Join('\n', buckets),
            (now + request.TimeToLive).ToUnixTimeMilliseconds(), (now + RecordLifetime(request.TimeToLive)).ToUnixTimeMilliseconds()).ExecuteNonQuery();
        return new BudgetReservationResult { Admitted = true, Requested = request.Amount };
    }

    private static void WriteNumberOrNull(System.Text.Json.Utf8JsonWriter writer, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private long?[] ResolveCaps(SqliteTransaction tx, IReadOnlyList<BudgetPoolLimit> pools)
    {
        // One statement reads the limits set at run time for every pool and its "everyone" pool.
        var api = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var reader = _statements!.ReadLimits.Bind(tx, JsonArray(pools.SelectMany(p => new[] { p.Pool.Id, p.Pool.EveryoneId }))).ExecuteReader())
        {
            while (reader.Read())
            {
                api[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var caps = new long?[pools.Count];
        for (var i = 0; i < pools.Count; i++)
        {
            var pool = pools[i].Pool;
            caps[i] = pools[i].Resolve(
                api.TryGetValue(pool.Id, out var named) ? named : null,
                pool.EveryoneId is { } everyone && api.TryGetValue(everyone, out var all) ? all : null);
        }

        return caps;
    }

    private BudgetReservationResult? Refusal(SqliteTransaction tx, IReadOnlyList<BudgetPoolLimit> pools, List<string> buckets, long?[] caps, long amount, decimal requested)
    {
        for (var i = 0; i < pools.Count; i++)
        {
            if (caps[i] is not { } cap)
            {
                continue;
            }

            var (spent, reserved) = ReadPool(tx, buckets[i]);
            if (spent + reserved + amount > cap)
            {
                return new BudgetReservationResult
                {
                    Admitted = false,
                    RefusedBy = pools[i].Pool,
                    Limit = BudgetMoney.ToDollars(cap),
                    Spent = BudgetMoney.ToDollars(spent),
                    Reserved = BudgetMoney.ToDollars(reserved),
                    Requested = requested,
                };
            }
        }

        return null;
    }

    private (long Spent, long Reserved) ReadPool(SqliteTransaction tx, string bucket)
    {
        using var reader = _statements!.ReadPool.Bind(tx, bucket).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    private BudgetSettlement Settle(SqliteTransaction tx, string reservationId, long actual, string finalState)
    {
        var statements = _statements!;
        var reservation = ReadReservation(statements, tx, reservationId);
        if (reservation is null)
        {
            throw new InvalidOperationException($"Budget reservation '{reservationId}' is unknown: it was never made, or it was settled so long ago that its record was forgotten.");
        }

        var (state, amount, pools) = reservation.Value;
        if (state is "settled" or "released")
        {
            return BudgetSettlement.Duplicate;
        }

        // An expired hold was already released; its spend is still charged, to the period it was reserved in. (A hold
        // past its expiry that no sweep has released yet is still "reserved": it is released here, once.)
        var buckets = pools.Split('\n');
        var charged = new (long Spent, long Limit, long Alerted)?[buckets.Length];
        using (var reader = statements.ChargePools.Bind(tx, state == "reserved" ? amount : 0, actual, JsonArray(buckets)).ExecuteReader())
        {
            while (reader.Read())
            {
                charged[Array.IndexOf(buckets, reader.GetString(0))] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var alerts = new List<BudgetAlert>();
        for (var i = 0; i < buckets.Length; i++)
        {
            // Alerts in the order the pools were held; a pool whose row was forgotten has no limit and raises none.
            if (charged[i] is not { } row)
            {
                continue;
            }

            var (spent, limit, alerted) = row;

            var level = BudgetMoney.AlertLevel(spent, limit);
            if (level > alerted)
            {
                statements.RaiseAlert.Bind(tx, level, buckets[i]).ExecuteNonQuery();
                alerts.AddRange(BudgetMoney.AlertsBetween(buckets[i], (int)alerted, level, spent, limit));
            }
        }

        statements.FinishReservation.Bind(tx, finalState, actual, reservationId).ExecuteNonQuery();
        return new BudgetSettlement(true, alerts);
    }

    private static TimeSpan RecordLifetime(TimeSpan ttl) => TimeSpan.FromTicks(Math.Max(ttl.Ticks * 2, TimeSpan.FromDays(1).Ticks));
}
