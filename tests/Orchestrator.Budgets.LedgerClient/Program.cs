using System.Globalization;
using Orchestrator.Budgets;
using Orchestrator.Plugins.Budgets.Redis;
using Orchestrator.Plugins.Budgets.Sqlite;
using StackExchange.Redis;

// Usage: <redis connection, or sqlite:<file>> <key prefix> <requests> <amount> <limit> <start at, unix ms>
// Reserves <requests> times concurrently against user:shared:daily and prints how many were admitted.
// With sqlite:<file> the ledger is the embedded one on that file (the key prefix is not used).
var invariant = CultureInfo.InvariantCulture;
await using var redis = args[0].StartsWith("sqlite:", StringComparison.Ordinal) ? null : await ConnectionMultiplexer.ConnectAsync(args[0]);
await using var sqlite = redis is null ? new SqliteBudgetLedger($"Data Source={args[0]["sqlite:".Length..]}", TimeProvider.System, TimeZoneInfo.Utc) : null;
IBudgetLedger ledger = redis is null ? sqlite! : new RedisBudgetLedger(redis, TimeProvider.System, TimeZoneInfo.Utc, args[1]);
var pool = new BudgetPoolLimit(new BudgetPool(BudgetScope.User, "shared", BudgetPeriod.Daily), decimal.Parse(args[4], invariant));
var amount = decimal.Parse(args[3], invariant);
var wait = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args[5], invariant)) - DateTimeOffset.UtcNow;
if (wait > TimeSpan.Zero)
{
    await Task.Delay(wait);
}

var results = await Task.WhenAll(Enumerable.Range(0, int.Parse(args[2], invariant)).Select(_ => Task.Run(() =>
    ledger.ReserveAsync(new BudgetReservationRequest(Guid.NewGuid().ToString("N"), [pool], amount, TimeSpan.FromMinutes(5))))));
Console.WriteLine(results.Count(r => r.Admitted).ToString(invariant));
