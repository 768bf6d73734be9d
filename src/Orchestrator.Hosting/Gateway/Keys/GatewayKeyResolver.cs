using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Budgets;

namespace Orchestrator.Hosting.Gateway.Keys;

/// <summary>
/// Turns a presented secret into its key through a short in-process cache (hits and misses alike, for
/// <see cref="GatewayOptions.KeyCacheSeconds"/>), so the database sees one lookup per key per period per process.
/// A revocation made here evicts at once; one made by another process is honoured here within that period.
/// </summary>
internal sealed partial class GatewayKeyResolver
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<BudgetPool, decimal> _applied = new();
    private readonly IGatewayKeyStore _store;
    private readonly BudgetGate? _budgets;
    private readonly TimeProvider _time;
    private readonly long _ttlTicks;
    private readonly ILogger _logger;

    public GatewayKeyResolver(IGatewayKeyStore store, BudgetGate? budgets, TimeProvider time, GatewayOptions options, ILogger logger)
    {
        _store = store;
        _budgets = budgets;
        _time = time;
        _ttlTicks = (long)(options.KeyCacheSeconds * time.TimestampFrequency);
        _logger = logger;
    }

    public IGatewayKeyStore Store => _store;

    /// <summary>Finds the live key for a secret; <see langword="null"/> when it is unknown or revoked.</summary>
    public async ValueTask<GatewayKey?> ResolveAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = GatewayKeySecret.Hash(secret);
        var now = _time.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && now - cached.LoadedAt < _ttlTicks)
        {
            return cached.Key;
        }

        var key = await _store.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (key?.RevokedAt is not null)
        {
            key = null;
        }

        if (_cache.Count >= MaxEntries)
        {
            // Unknown secrets sprayed at the gateway must not grow the cache without bound.
            _cache.Clear();
        }

        _cache[hash] = new Entry(key, now);
        if (key is not null)
        {
            await ApplyBudgetAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return key;
    }

    /// <summary>Forgets a key in this process (after revoking it here).</summary>
    public void Evict(string secretHash) => _cache.TryRemove(secretHash, out _);

    /// <summary>
    /// A key's own cap becomes its user's pool limit in the ledger (stored there, so every process sharing it enforces
    /// it at once); written once per process and value, not on every cache refresh.
    /// </summary>
    private async ValueTask ApplyBudgetAsync(GatewayKey key, CancellationToken cancellationToken)
    {
        if (_budgets is null || key.BudgetPeriod is not { } period || key.BudgetLimit is not { } limit)
        {
            if (key.BudgetLimit is not null && _budgets is null)
            {
                LogNoBudgets(_logger, key.Id);
            }

            return;
        }

        var pool = new BudgetPool(BudgetScope.User, key.UserId, period);
        if (_applied.TryGetValue(pool, out var applied) && applied == limit)
        {
            return;
        }

        try
        {
            await _budgets.SetLimitAsync(pool, limit, cancellationToken).ConfigureAwait(false);
            _applied[pool] = limit;
        }
        catch (NotSupportedException ex)
        {
            LogLimitNotStored(_logger, key.Id, ex.Message);
        }
    }

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Gateway key {KeyId} has a budget, but the budget ledger cannot store limits ({Reason}); the cap is not enforced.")]
    private static partial void LogLimitNotStored(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Gateway key {KeyId} has a budget, but budgets are not configured (AddBudgets); the cap is not enforced.")]
    private static partial void LogNoBudgets(ILogger logger, string keyId);

    private readonly record struct Entry(GatewayKey? Key, long LoadedAt);
}
