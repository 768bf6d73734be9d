using System.Globalization;
using Orchestrator.Budgets;
using Orchestrator.Plugins.Budgets.Redis;
using StackExchange.Redis;

// Usage: <redis connection> <key prefix> <requests> <amount> <limit> <start at, unix ms>
// Reserves <requests> times concurrently against user:shared:daily and prints how many were admitted.
var invariant = CultureInfo.InvariantCulture;
await using var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
var ledger = new RedisBudgetLedger(redis, TimeProvider.System, TimeZoneInfo.Utc, args[1]);
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
