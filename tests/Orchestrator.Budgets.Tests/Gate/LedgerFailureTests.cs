using Microsoft.Extensions.AI;
using Orchestrator.Budgets.Tests.Ledgers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>What calls do when the shared Redis ledger is unreachable: refused by default, a local limiter when allowed.</summary>
public sealed class LedgerFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<BudgetOptions> DeadRedis(bool failOpen) => o =>
    {
        o.Redis = $"127.0.0.1:{RedisServer.FreePort()},connectTimeout=300,asyncTimeout=500,syncTimeout=500";
        o.FailOpen = failOpen;
        o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Global, Period = BudgetPeriod.Daily, Limit = 0.002m });
    };

    [Fact]
    public async Task A_dead_Redis_refuses_calls_with_a_clear_error_by_default()
    {
        await using var host = await BudgetHost.StartAsync(DeadRedis(failOpen: false), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<BudgetUnavailableException>(() => host.Direct.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 10 }, Ct));

        Assert.Contains("Redis budget ledger is unreachable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task With_FailOpen_a_dead_Redis_falls_back_to_a_local_limiter_that_still_enforces_the_cap()
    {
        await using var host = await BudgetHost.StartAsync(DeadRedis(failOpen: true), cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.Text("ok", inputTokens: 10, outputTokens: 2);

        await host.Direct.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 100 }, Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => host.Direct.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 1000 }, Ct));

        Assert.Equal("global:all:daily", error.Pool.Id);
        Assert.Equal(0.00006m, error.Spent);
    }
}
