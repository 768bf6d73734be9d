using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets.Tests.Ledgers;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>The alert webhook against a real HTTP listener: retried, never blocking the call, once per pool and period across hosts.</summary>
public sealed class BudgetWebhookTests(RedisServer redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Host(Uri webhook, Action<BudgetOptions>? more = null) =>
        new ServiceCollection()
            .AddLogging()
            .AddOrchestrator(_ => { })
            .AddBudgets(o =>
            {
                o.SqlitePath = ":memory:";
                o.AlertWebhook = webhook.ToString();
                o.AlertWebhookTimeoutSeconds = 2;
                o.AlertWebhookRetryDelaySeconds = 0.05;
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Name = "alice", Period = BudgetPeriod.Daily, Limit = 1m });
                more?.Invoke(o);
            })
            .Services.BuildServiceProvider();

    private static async Task UntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_with_the_same_alert_until_it_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Ct);
        receiver.Answer = n => Task.FromResult(n <= 2 ? 500 : 200);
        await using var host = Host(receiver.Url);

        await host.GetRequiredService<BudgetGate>().TrackAsync(new BudgetSubject("alice", null, null), 0.85m, Ct);
        await UntilAsync(() => receiver.Received.Count >= 3);
        await host.DisposeAsync();

        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, body =>
        {
            Assert.Equal("user:alice:daily", body.GetProperty("pool").GetString());
            Assert.Equal(80, body.GetProperty("thresholdPercent").GetInt32());
            Assert.Equal(0.85m, body.GetProperty("spent").GetDecimal());
            Assert.Equal(1m, body.GetProperty("limit").GetDecimal());
        });
    }

    [Fact]
    public async Task A_hanging_webhook_neither_blocks_nor_fails_the_call_and_is_given_up_after_its_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Ct);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = _ => release.Task;
        var host = Host(receiver.Url, o => { o.AlertWebhookTimeoutSeconds = 0.5; o.AlertWebhookAttempts = 2; });

        // The call returns while the webhook has not answered (it cannot: it waits for the test).
        var alerts = await host.GetRequiredService<BudgetGate>().TrackAsync(new BudgetSubject("alice", null, null), 0.96m, Ct);
        Assert.Equal([80, 90, 95], alerts.Select(a => a.ThresholdPercent));
        Assert.False(release.Task.IsCompleted);

        // At most two timed-out attempts at the 80 % alert (one may time out before it reaches the listener on a loaded
        // machine), then the webhook gives up on it and moves on to the next.
        await UntilAsync(() => receiver.Received.Any(b => b.GetProperty("thresholdPercent").GetInt32() == 90));
        await host.DisposeAsync();
        release.SetResult(200);
        var thresholds = receiver.Received.Select(b => b.GetProperty("thresholdPercent").GetInt32()).ToList();
        Assert.InRange(thresholds.TakeWhile(t => t == 80).Count(), 1, 2);
        Assert.Equal(thresholds.Order(), thresholds);
        Assert.All(thresholds.GroupBy(t => t), g => Assert.InRange(g.Count(), 1, 2));
    }

    [Fact]
    public async Task Two_hosts_sharing_one_Redis_post_each_alert_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Ct);
        var prefix = $"hook{Guid.NewGuid():N}";
        void Shared(BudgetOptions o)
        {
            o.Redis = redis.ConnectionString;
            o.RedisKeyPrefix = prefix;
            // Long enough that no POST times out (and is retried) on a loaded machine: a retry would be a second delivery.
            o.AlertWebhookTimeoutSeconds = 60;
        }

        var hosts = new[] { Host(receiver.Url, Shared), Host(receiver.Url, Shared) };
        var gates = hosts.Select(h => h.GetRequiredService<BudgetGate>()).ToArray();

        // 40 spends of $0.025 from both hosts at once: $1.00 in all, crossing 80, 90 and 95 percent once each.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => gates[i % 2].TrackAsync(new BudgetSubject("alice", null, null), 0.025m, Ct), Ct)));
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        Assert.Equal([80, 90, 95], receiver.Received.Select(b => b.GetProperty("thresholdPercent").GetInt32()).Order());
    }
}
