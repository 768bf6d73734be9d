using Microsoft.SemanticKernel;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>Budgets on Semantic Kernel: prompt functions charge the user named in the kernel arguments; tool loops stop on an empty pool.</summary>
public sealed class BudgetKernelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<BudgetOptions> EveryUserDaily(decimal limit) => o => o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = limit });

    [Fact]
    public async Task A_prompt_function_charges_the_user_named_in_the_kernel_arguments()
    {
        await using var host = await BudgetHost.StartAsync(EveryUserDaily(1m), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("Hello Bob", inputTokens: 100, outputTokens: 10));
        var kernel = new Kernel(host.Services);

        var result = await kernel.InvokePromptAsync("Say hello", new KernelArguments { [BudgetFunctionFilter.UserIdArgument] = "bob" }, cancellationToken: Ct);

        Assert.Equal("Hello Bob", result.GetValue<string>());
        Assert.Equal(((100 * 3m) + (10 * 15m)) / 1_000_000m, (await host.StatusAsync("bob", Ct)).Spent);
        Assert.Equal(0m, (await host.StatusAsync("alice", Ct)).Spent);
    }

    [Fact]
    public async Task A_prompt_function_for_a_user_without_room_is_refused_with_BudgetExceededException()
    {
        await using var host = await BudgetHost.StartAsync(EveryUserDaily(0.01m), cancellationToken: Ct);
        var kernel = new Kernel(host.Services);

        var error = await Assert.ThrowsAsync<BudgetExceededException>(() =>
            kernel.InvokePromptAsync("Say hello", new KernelArguments { [BudgetFunctionFilter.UserIdArgument] = "bob" }, cancellationToken: Ct));

        Assert.Equal("user:bob:daily", error.Pool.Id);
        Assert.DoesNotContain(host.Server.Requests, r => r.Method == "POST");
    }
}
