using System.Globalization;
using Orchestrator.Budgets;
using StackExchange.Redis;

namespace Orchestrator.Plugins.Budgets.Redis;

/// <summary>
/// The Redis budget ledger for hosts that share budgets: every operation is one Lua script (atomic), and every key
/// carries one hash tag so the ledger works on Redis Cluster. See docs/redis-budget-schema.md for the key layout.
/// </summary>
public sealed class RedisBudgetLedger : IBudgetLedger, IBudgetReport, IBudgetLimitStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _timeZone;
    private readonly string _prefix;
    private readonly RedisKey _expiryIndex;
    private readonly RedisKey _limits;

    /// <summary>Initializes a new instance of the <see cref="RedisBudgetLedger"/> class.</summary>
    /// <param name="redis">The connection; the caller owns it.</param>
    /// <param name="time">The clock for periods and time to live.</param>
    /// <param name="timeZone">The time zone whose calendar bounds the periods.</param>
    /// <param name="keyPrefix">The hash tag every key carries, e.g. <c>orch-budget</c> gives <c>{orch-budget}:…</c>.</param>
    public RedisBudgetLedger(IConnectionMultiplexer redis, TimeProvider time, TimeZoneInfo timeZone, string keyPrefix = "orch-budget")
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _redis = redis;
        _time = time;
        _timeZone = timeZone;
        _prefix = "{" + keyPrefix + "}:";
        _expiryIndex = _prefix + "expiry";
        _limits = _prefix + "limits";
    }

    /// <summary>Gets how long after its period ends the key of an unlimited pool (which only records spend) is kept.</summary>
    public TimeSpan UnlimitedPoolRetention { get; init; } = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public async Task<BudgetReservationResult> ReserveAsync(BudgetReservationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ReservationId);
        var now = _time.GetUtcNow();
        // Sized arrays, filled in place: this runs once per budgeted call, and the lists it replaces grew twice each.
        var pools = request.DistinctPools();
        var keys = new RedisKey[3 + pools.Count];
        keys[0] = _expiryIndex;
        keys[1] = ReservationKey(request.ReservationId);
        keys[2] = _limits;
        var args = new RedisValue[6 + (5 * pools.Count)];
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = (now + request.TimeToLive).ToUnixTimeMilliseconds();
        args[2] = BudgetMoney.ChargeToMicros(request.Amount);
        args[3] = (long)Math.Max(request.TimeToLive.TotalMilliseconds * 2, TimeSpan.FromDays(1).TotalMilliseconds);
        args[4] = _prefix;
        args[5] = request.ReservationId;
        for (var i = 0; i < pools.Count; i++)
        {
            var pool = pools[i];
            var configured = pool.Limit is { } limit ? BudgetMoney.LimitToMicros(limit) : -1;
            keys[3 + i] = _prefix + "pool:" + pool.Pool.BucketAt(now, _timeZone);
            var at = 6 + (5 * i);
            args[at] = pool.Pool.Id;
            args[at + 1] = pool.Pool.EveryoneId ?? string.Empty;
            args[at + 2] = pool.FromEveryone ? -1 : configured;
            args[at + 3] = pool.FromEveryone ? configured : -1;
            args[at + 4] = (pool.Pool.PeriodEndAt(now, _timeZone) + UnlimitedPoolRetention).ToUnixTimeMilliseconds();
        }

        var result = (RedisResult[])(await EvaluateAsync(RedisBudgetScripts.Reserve, keys, args, cancellationToken).ConfigureAwait(false))!;
        if ((long)result[0] == 1)
        {
            return new BudgetReservationResult { Admitted = true, Requested = request.Amount };
        }

        var refused = pools[(int)(long)result[1] - 1];
        return new BudgetReservationResult
        {
            Admitted = false,
            RefusedBy = refused.Pool,
            Limit = BudgetMoney.ToDollars((long)result[4]),
            Spent = BudgetMoney.ToDollars((long)result[2]),
            Reserved = BudgetMoney.ToDollars((long)result[3]),
            Requested = request.Amount,
        };
    }

    /// <inheritdoc />
    public Task<BudgetSettlement> SettleAsync(string reservationId, decimal actualCost, CancellationToken cancellationToken = default) =>
        FinishAsync(reservationId, BudgetMoney.ChargeToMicros(actualCost), "settled", cancellationToken);

    /// <inheritdoc />
    public Task<BudgetSettlement> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default) =>
        FinishAsync(reservationId, 0, "released", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<BudgetPoolUsage>> GetUsageAsync(IReadOnlyList<BudgetPool> pools, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var instant = at ?? _time.GetUtcNow();
        var keys = new List<RedisKey> { _expiryIndex };
        keys.AddRange(pools.Select(p => (RedisKey)(_prefix + "pool:" + p.BucketAt(instant, _timeZone))));
        var result = (RedisResult[])(await EvaluateAsync(RedisBudgetScripts.Read, [.. keys], [_time.GetUtcNow().ToUnixTimeMilliseconds(), _prefix], cancellationToken).ConfigureAwait(false))!;
        return [.. pools.Select((p, i) => new BudgetPoolUsage(p, BudgetPeriods.KeyOf(p.Period, instant, _timeZone),
            BudgetMoney.ToDollars((long)result[2 * i]), BudgetMoney.ToDollars((long)result[(2 * i) + 1])))];
    }

    /// <inheritdoc />
    /// <remarks>Scans the ledger's keys (SCAN, O(keys in the slot)): for reports, not for the request path.</remarks>
    public async Task<IReadOnlyList<BudgetPoolUsage>> ListUsageAsync(BudgetScope scope, BudgetPeriod period, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var key = BudgetPeriods.KeyOf(period, at ?? _time.GetUtcNow(), _timeZone);
        var pattern = $"{_prefix}pool:{BudgetPool.ScopeName(scope)}:*:{BudgetPool.PeriodName(period)}:{key}";
        var result = new List<BudgetPoolUsage>();
        try
        {
            foreach (var server in _redis.GetServers().Where(s => !s.IsReplica))
            {
                await foreach (var redisKey in server.KeysAsync(pattern: pattern, pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    var values = await _redis.GetDatabase().HashGetAsync(redisKey, ["spent", "reserved"]).ConfigureAwait(false);
                    var (pool, periodKey) = BudgetPool.ParseBucket(((string)redisKey!)[(_prefix.Length + "pool:".Length)..]);
                    result.Add(new BudgetPoolUsage(pool, periodKey, BudgetMoney.ToDollars((long?)values[0] ?? 0), BudgetMoney.ToDollars((long?)values[1] ?? 0)));
                }
            }
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new BudgetUnavailableException("The Redis budget ledger is unreachable; the report cannot be read.", ex);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task SetLimitAsync(BudgetPool pool, decimal limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await CallAsync(db => db.HashSetAsync(_limits, pool.Id, BudgetMoney.LimitToMicros(limit)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RemoveLimitAsync(BudgetPool pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return CallAsync(db => db.HashDeleteAsync(_limits, pool.Id), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BudgetPoolLimit>> ListLimitsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await CallAsync(db => db.HashGetAllAsync(_limits), cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new BudgetPoolLimit(BudgetPool.ParseId(e.Name!), BudgetMoney.ToDollars((long)e.Value)))];
    }

    private async Task<BudgetSettlement> FinishAsync(string reservationId, long actual, string state, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reservationId);
        var result = (RedisResult[])(await EvaluateAsync(RedisBudgetScripts.Settle, [_expiryIndex, ReservationKey(reservationId)],
            [_time.GetUtcNow().ToUnixTimeMilliseconds(), actual, _prefix, reservationId, state], cancellationToken).ConfigureAwait(false))!;
        var code = (long)result[0];
        if (code == -1)
        {
            throw new InvalidOperationException($"Budget reservation '{reservationId}' is unknown: it was never made, or it was settled so long ago that its record was forgotten.");
        }

        if (code == 0)
        {
            return BudgetSettlement.Duplicate;
        }

        var alerts = new List<BudgetAlert>();
        for (var i = 1; i + 4 < result.Length; i += 5)
        {
            var bucket = ((string)result[i]!)[(_prefix.Length + "pool:".Length)..];
            alerts.AddRange(BudgetMoney.AlertsBetween(bucket, (int)(long)result[i + 1], (int)(long)result[i + 2], (long)result[i + 3], (long)result[i + 4]));
        }

        return new BudgetSettlement(true, alerts);
    }

    private RedisKey ReservationKey(string id) => _prefix + "res:" + id;

    private Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken) =>
        CallAsync(db => db.ScriptEvaluateAsync(script, keys, args), cancellationToken);

    private async Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call(_redis.GetDatabase()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new BudgetUnavailableException(string.Create(CultureInfo.InvariantCulture,
                $"The Redis budget ledger is unreachable ({ex.GetType().Name}), so no call can be checked against its budget and calls are refused (fail closed). Check Orchestrator:Budgets:Redis and that Redis is up; set Orchestrator:Budgets:FailOpen to true to fall back to a per-host limiter instead."), ex);
        }
    }
}
