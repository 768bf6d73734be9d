using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>
/// The budget kernel plugin on a real kernel over the router and the wire-level test server, with the SQLite ledger:
/// what it reports, and that a model's tool call cannot make it (or the charge) speak for another user.
/// </summary>
public sealed class BudgetPluginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<BudgetHost> StartAsync(decimal userDaily) =>
        BudgetHost.StartAsync(o => o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = userDaily }), cancellationToken: Ct);

    // A kernel over the container, as hosts build it: AddBudgetPlugin's plugin comes with it.
    private static Kernel KernelOf(BudgetHost host)
    {
        var kernel = new Kernel(host.Services);
        Assert.True(kernel.Plugins.Contains("budget"));
        return kernel;
    }

    private static KernelArguments For(string user) => new() { [BudgetFunctionFilter.UserIdArgument] = user };

    [Fact]
    public async Task Status_reports_the_callers_limited_pools_and_estimate_cost_prices_a_call_against_them()
    {
        await using var host = await StartAsync(userDaily: 1m);
        await host.Gate.TrackAsync(new BudgetSubject("bob", null, null), 0.25m, Ct);
        await host.Gate.TrackAsync(new BudgetSubject("alice", null, null), 0.90m, Ct);
        var kernel = KernelOf(host);

        var status = (await kernel.InvokeAsync("budget", "status", For("bob"), Ct)).GetValue<IReadOnlyList<BudgetPoolReport>>()!;
        var bob = Assert.Single(status);
        Assert.Equal(("user:bob:daily", 1m, 0.25m, 0.75m, 25m), (bob.Pool, bob.Limit, bob.Spent, bob.Remaining, bob.UtilizationPercent));

        // 100,000 in x $3/M + 10,000 out x $15/M = $0.45: fits bob's $0.75, not alice's $0.10.
        var arguments = For("bob");
        arguments["model"] = "openai/" + BudgetHost.Model;
        arguments["inputTokens"] = 100_000;
        arguments["outputTokens"] = 10_000;
        var forBob = (await kernel.InvokeAsync("budget", "estimate_cost", arguments, Ct)).GetValue<CostEstimate>()!;
        Assert.Equal(0.45m, forBob.CostUsd);
        Assert.True(forBob.Fits);
        Assert.Empty(forBob.ShortPools);

        arguments[BudgetFunctionFilter.UserIdArgument] = "alice";
        arguments["model"] = BudgetHost.Model; // a bare id one provider serves
        var forAlice = (await kernel.InvokeAsync("budget", "estimate_cost", arguments, Ct)).GetValue<CostEstimate>()!;
        Assert.False(forAlice.Fits);
        Assert.Equal("user:alice:daily", Assert.Single(forAlice.ShortPools).Pool);
    }

    [Fact]
    public async Task Unknown_models_and_budgets_missing_fail_with_specific_errors()
    {
        await using var host = await StartAsync(userDaily: 1m);
        var kernel = KernelOf(host);
        var arguments = For("bob");
        arguments["model"] = "openai/no-such-model";
        arguments["inputTokens"] = 10;
        arguments["outputTokens"] = 10;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => kernel.InvokeAsync("budget", "estimate_cost", arguments, Ct));
        Assert.Contains("'openai/no-such-model' is not in the model catalog", error.Message, StringComparison.Ordinal);

        var without = new ServiceCollection().AddOrchestrator(_ => { });
        var missing = Assert.Throws<InvalidOperationException>(() => without.AddBudgetPlugin());
        Assert.Contains("call AddBudgets(...) before it", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_models_tool_call_naming_another_user_reads_the_callers_budget_not_that_users()
    {
        await using var host = await StartAsync(userDaily: 1m);
        await host.Gate.TrackAsync(new BudgetSubject("alice", null, null), 0.90m, Ct);
        var kernel = KernelOf(host);
        host.Server.Enqueue(ScriptedReply.ToolCall("budget_status", """{"user_id":"alice"}"""));
        host.Server.Enqueue(ScriptedReply.Text("Done."));
        var arguments = new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() })
        {
            [BudgetFunctionFilter.UserIdArgument] = "bob",
        };

        var result = await kernel.InvokePromptAsync("How much budget do I have left?", arguments, cancellationToken: Ct);

        Assert.Equal("Done.", result.GetValue<string>());
        var toolResult = ToolResultSent(host.Server.Requests.Where(r => r.Method == "POST").ElementAt(1).Body);
        Assert.Contains("user:bob:daily", toolResult, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", toolResult, StringComparison.Ordinal);

        // Both model calls were charged to bob, none to alice.
        Assert.True((await host.StatusAsync("bob", Ct)).Spent > 0);
        Assert.Equal(0.90m, (await host.StatusAsync("alice", Ct)).Spent);
    }

    private static string ToolResultSent(string requestBody)
    {
        using var json = JsonDocument.Parse(requestBody);
        return json.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("content").GetString()!;
    }
}
