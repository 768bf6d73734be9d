using Microsoft.Extensions.AI;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;
using Orchestrator.Usage;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>The budget gate on real chat calls through the provider layer, against the wire-level test server.</summary>
public sealed class BudgetChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<BudgetOptions> AliceDaily(decimal limit) => o => o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Name = "*", Period = BudgetPeriod.Daily, Limit = limit });

    private static ChatOptions For(string user, int? maxOutputTokens = null) => new ChatOptions { MaxOutputTokens = maxOutputTokens }.WithUserId(user);

    [Fact]
    public async Task A_call_whose_worst_case_does_not_fit_is_refused_before_it_is_sent()
    {
        await using var host = await BudgetHost.StartAsync(AliceDaily(0.01m), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => host.Direct.GetResponseAsync("Hi", For("alice"), Ct));

        Assert.Equal(new BudgetPool(BudgetScope.User, "alice", BudgetPeriod.Daily), error.Pool);
        Assert.Equal(0.01m, error.Limit);
        Assert.Equal(0m, error.Spent);
        // 4096 output tokens at $15/M alone exceed the cap.
        Assert.True(error.Requested > 4096 * 15m / 1_000_000m);
        Assert.Empty(host.Server.Requests);
        Assert.Equal(0m, (await host.StatusAsync("alice", Ct)).Reserved);
    }

    [Fact]
    public async Task An_admitted_call_is_settled_to_its_metered_cost_and_its_hold_released()
    {
        await using var host = await BudgetHost.StartAsync(AliceDaily(0.01m), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Hello there", inputTokens: 120, outputTokens: 30));

        var response = await host.Direct.GetResponseAsync("Hi", For("alice", maxOutputTokens: 100), Ct);

        var status = await host.StatusAsync("alice", Ct);
        Assert.Equal(response.GetInvocationUsage()!.Cost, status.Spent);
        Assert.Equal(((120 * 3m) + (30 * 15m)) / 1_000_000m, status.Spent);
        Assert.Equal(0m, status.Reserved);
        Assert.Equal(0.01m - status.Spent, status.Remaining);
    }

    [Fact]
    public async Task A_stream_cancelled_midway_is_charged_for_what_it_streamed()
    {
        await using var host = await BudgetHost.StartAsync(AliceDaily(1m), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text(string.Join(' ', Enumerable.Range(1, 200).Select(i => $"word{i}")), inputTokens: 50, outputTokens: 200)
            .WithChunkDelay(TimeSpan.FromMilliseconds(20)));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var received = new System.Text.StringBuilder();
        var messages = new List<ChatMessage> { new(ChatRole.User, "Count to two hundred") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in host.Direct.GetStreamingResponseAsync(messages, For("alice", 1000), cancel.Token))
            {
                received.Append(update.Text);
                if (received.Length > 40)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        var estimator = new TiktokenTokenEstimator();
        var expected = CostCalculator.Compute(BudgetHost.Descriptor, TiktokenTokenEstimator.CountPromptTokens(estimator, messages), estimator.CountTokens(received.ToString()), 0);
        var status = await host.StatusAsync("alice", Ct);
        Assert.True(expected > 0.00003m);
        Assert.Equal(Math.Ceiling(expected * 1_000_000m) / 1_000_000m, status.Spent);
        Assert.Equal(0m, status.Reserved);
    }

    [Fact]
    public async Task A_stream_cut_by_the_provider_is_charged_the_usage_it_reports()
    {
        await using var host = await BudgetHost.StartAsync(AliceDaily(1m), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.DropConnection(afterChunks: 4)));

        var error = await Assert.ThrowsAsync<ProviderStreamInterruptedException>(async () =>
        {
            await foreach (var _ in host.Direct.GetStreamingResponseAsync("Count", For("alice", 1000), Ct))
            {
            }
        });

        var status = await host.StatusAsync("alice", Ct);
        Assert.True(error.Usage.Cost > 0);
        Assert.Equal(Math.Ceiling(error.Usage.Cost * 1_000_000m) / 1_000_000m, status.Spent);
        Assert.Equal(0m, status.Reserved);
    }

    [Fact]
    public async Task A_failed_call_releases_its_hold_and_charges_nothing()
    {
        await using var host = await BudgetHost.StartAsync(AliceDaily(1m), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Fault(WireFault.BadRequest("no")));

        await Assert.ThrowsAnyAsync<ProviderException>(() => host.Direct.GetResponseAsync("Hi", For("alice", 100), Ct));

        Assert.Equal(new BudgetPoolStatus(new BudgetPool(BudgetScope.User, "alice", BudgetPeriod.Daily), (await host.StatusAsync("alice", Ct)).PeriodKey, 1m, 0m, 0m), await host.StatusAsync("alice", Ct));
    }

    [Fact]
    public async Task Through_the_router_a_refused_call_surfaces_as_BudgetExceededException_and_a_tier_pool_applies()
    {
        await using var host = await BudgetHost.StartAsync(o => o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Tier, Name = "2", Period = BudgetPeriod.Monthly, Limit = 0.0005m }), cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.Text("ok", inputTokens: 10, outputTokens: 2);

        await host.Router.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 20 }, Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => host.Router.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 4000 }, Ct));

        Assert.Equal("tier:2:monthly", error.Pool.Id);
        Assert.Equal(((10 * 3m) + (2 * 15m)) / 1_000_000m, error.Spent);
        Assert.Single(host.Server.Requests, r => r.Method == "POST");
    }
}
