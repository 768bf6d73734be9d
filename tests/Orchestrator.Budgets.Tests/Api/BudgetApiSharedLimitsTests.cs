using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets.Tests.Ledgers;

namespace Orchestrator.Budgets.Tests.Api;

/// <summary>Limits set through the API are kept in the shared ledger: every host enforces them and they survive restarts.</summary>
public sealed class BudgetApiSharedLimitsTests(RedisServer redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> GetAsync(BudgetApiHost host, string path)
    {
        using var response = await host.As(BudgetApiHost.ReaderKey).GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task<decimal> DailyLimitAsync(BudgetApiHost host, string user) =>
        (await GetAsync(host, $"/limit/{user}")).GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("period").GetString() == "daily").GetProperty("limit").GetDecimal();

    private async Task A_limit_set_on_one_host_binds_the_other_and_outlives_both(Func<Task<BudgetApiHost>> start)
    {
        var a = await start();
        var b = await start();
        using (var set = await a.As(BudgetApiHost.AdminKey).PostAsJsonAsync("/limit", new { user_id = "dave", period = "daily", limit = 0.5 }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        }

        Assert.Equal(0.5m, await DailyLimitAsync(b, "dave"));
        var gateB = b.Services.GetRequiredService<BudgetGate>();
        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => gateB.ReserveAsync(new BudgetSubject("dave", null, 3), 0.6m, Ct));
        Assert.Equal("user:dave:daily", refused.Pool.Id);
        Assert.Equal(0.5m, refused.Limit);
        await a.DisposeAsync();
        await b.DisposeAsync();

        await using var c = await start();
        Assert.Equal(0.5m, await DailyLimitAsync(c, "dave"));
        using (var deleted = await c.As(BudgetApiHost.AdminKey).DeleteAsync(new Uri("/limit/dave/daily", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // Back to the configured limit for every user ($10 daily).
        Assert.Equal(10m, await DailyLimitAsync(c, "dave"));
        using var again = await c.As(BudgetApiHost.AdminKey).DeleteAsync(new Uri("/limit/dave/daily", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public Task On_Redis_a_limit_set_on_one_host_binds_the_other_and_outlives_both()
    {
        var prefix = $"api{Guid.NewGuid():N}";
        return A_limit_set_on_one_host_binds_the_other_and_outlives_both(() => BudgetApiHost.StartAsync(Ct, redis: redis.ConnectionString, redisPrefix: prefix));
    }

    [Fact]
    public async Task On_SQLite_a_limit_set_on_one_host_binds_the_other_and_outlives_both()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orch-budget-shared-{Guid.NewGuid():N}.db");
        try
        {
            await A_limit_set_on_one_host_binds_the_other_and_outlives_both(() => BudgetApiHost.StartAsync(Ct, sqlitePath: path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Reports_include_users_and_tiers_that_have_no_limit()
    {
        await using var host = await BudgetApiHost.StartAsync(Ct, redis: redis.ConnectionString, redisPrefix: $"api{Guid.NewGuid():N}");
        var client = host.As(BudgetApiHost.ReaderKey);

        // No weekly limit is configured: $1/M in + $2/M out on the tier-1 model, $10/$30 on tier 3.
        (await client.PostAsJsonAsync("/track", new { user_id = "erin", model = "acme/cheap-1", input_tokens = 100_000, output_tokens = 50_000 }, Ct)).Dispose();
        (await client.PostAsJsonAsync("/track", new { user_id = "frank", model = "acme/premium-1", input_tokens = 10_000, output_tokens = 10_000 }, Ct)).Dispose();
        var top = await GetAsync(host, "/top-spenders/weekly");
        var tiers = await GetAsync(host, "/tier-costs/weekly");
        var spend = await GetAsync(host, "/spend/erin");
        var limits = await GetAsync(host, "/utilization/weekly");

        Assert.Equal([("frank", 0.4m), ("erin", 0.2m)], top.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("spent").GetDecimal())));
        Assert.Equal([("1", 0.2m), ("3", 0.4m)], tiers.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("spent").GetDecimal())));
        Assert.Equal(0.2m, spend.GetProperty("total_spent").GetDecimal());
        Assert.Equal(0.2m, spend.GetProperty("spent").GetProperty("weekly").GetDecimal());
        var weekly = spend.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("pool").GetString() == "user:erin:weekly");
        Assert.Equal(JsonValueKind.Null, weekly.GetProperty("limit").ValueKind);
        Assert.Empty(limits.GetProperty("pools").EnumerateArray());
    }
}
