using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Orchestrator.Routing;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Budgets.Tests.Gate;

/// <summary>
/// Tool loops on a real Semantic Kernel whose chat service is the router, over the wire-level test server: every model
/// call of the loop is charged, and the loop stops once the user's pool is spent.
/// </summary>
public sealed class BudgetToolLoopTests
{
    // Each scripted model call reports this many prompt tokens: 10,000 x $3/M = $0.03, far above its reservation.
    private const int PromptTokensPerCall = 10_000;
    private const decimal CostPerCall = (PromptTokensPerCall * 3m + 5 * 15m) / 1_000_000m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<BudgetOptions> BobDaily(decimal limit) => o =>
    {
        o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = limit });
    };

    [Fact]
    public async Task The_router_reports_chat_client_metadata()
    {
        await using var host = await BudgetHost.StartAsync(BobDaily(1m), cancellationToken: Ct);

        var metadata = host.Router.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(RouterChatClient.ProviderName, metadata.ProviderName);
    }

    [Fact]
    public async Task A_tool_loop_within_budget_runs_its_tools_and_charges_every_model_call()
    {
        await using var host = await BudgetHost.StartAsync(BobDaily(1m), cancellationToken: Ct);
        var lookups = new LookupPlugin();
        var kernel = KernelWith(host, lookups);
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":1}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":2}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.Enqueue(ScriptedReply.Text("Found both.").WithUsage(PromptTokensPerCall, 5));

        var result = await kernel.InvokePromptAsync("Find 1 and 2", ArgumentsFor("bob"), cancellationToken: Ct);

        Assert.Equal("Found both.", result.GetValue<string>());
        Assert.Equal([1, 2], lookups.Calls);
        Assert.Equal(3, host.Server.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(3 * CostPerCall, (await host.StatusAsync("bob", Ct)).Spent);
    }

    [Fact]
    public async Task A_tool_loop_stops_with_BudgetExceededException_once_the_pool_is_spent_mid_loop()
    {
        // Room for the first call and, barely, the second; the second leaves the pool overspent.
        await using var host = await BudgetHost.StartAsync(BobDaily(CostPerCall * 1.5m), cancellationToken: Ct);
        var lookups = new LookupPlugin();
        var kernel = KernelWith(host, lookups);
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":1}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":2}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.DefaultReply = ScriptedReply.Text("should never be asked for").WithUsage(PromptTokensPerCall, 5);

        var error = await Assert.ThrowsAsync<BudgetExceededException>(() =>
            kernel.InvokePromptAsync("Find 1 and 2", ArgumentsFor("bob"), cancellationToken: Ct));

        Assert.Equal("user:bob:daily", error.Pool.Id);

        // Stopped by the auto-function-invocation filter before the second tool ran (it asks for nothing), not by the
        // per-model gate refusing a third model call (which would name the amount that call needed).
        Assert.Equal(0m, error.Requested);
        Assert.Equal([1], lookups.Calls);
        Assert.Equal(2, host.Server.Requests.Count(r => r.Method == "POST"));
        var status = await host.StatusAsync("bob", Ct);
        Assert.Equal(2 * CostPerCall, status.Spent);
        Assert.Equal(0m, status.Reserved);
    }

    [Fact]
    public async Task A_chat_service_caller_gets_a_terminated_loop_naming_the_spent_pool()
    {
        await using var host = await BudgetHost.StartAsync(BobDaily(CostPerCall * 1.5m), cancellationToken: Ct);
        var lookups = new LookupPlugin();
        var kernel = KernelWith(host, lookups);
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":1}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.Enqueue(ScriptedReply.ToolCall("lookup_Find", """{"id":2}""").WithUsage(PromptTokensPerCall, 5));
        host.Server.DefaultReply = ScriptedReply.Text("should never be asked for").WithUsage(PromptTokensPerCall, 5);
        var history = new ChatHistory();
        history.AddUserMessage("Find 1 and 2");

        ChatMessageContent reply;
        using (BudgetContext.Use("bob", null))
        {
            reply = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, ArgumentsFor("bob").ExecutionSettings!.Values.Single(), kernel, Ct);
        }

        var stopped = reply.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>().Single();
        Assert.Contains("user:bob:daily", stopped.Result?.ToString(), StringComparison.Ordinal);
        Assert.Equal([1], lookups.Calls);
        Assert.Equal(2, host.Server.Requests.Count(r => r.Method == "POST"));
    }

    private static Kernel KernelWith(BudgetHost host, LookupPlugin lookups)
    {
        var kernel = new Kernel(host.Services);
        Assert.NotNull(kernel.GetRequiredService<IChatCompletionService>());
        kernel.Plugins.AddFromObject(lookups, "lookup");
        return kernel;
    }

    private static KernelArguments ArgumentsFor(string user) =>
        new(new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),

            // Small reservations, so that a call is let through while anything is left and its settlement decides.
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 5 },
        })
        {
            [BudgetFunctionFilter.UserIdArgument] = user,
        };

    private sealed class LookupPlugin
    {
        public List<int> Calls { get; } = [];

        [KernelFunction, Description("Finds a record by id.")]
        public string Find([Description("The record id.")] int id)
        {
            lock (Calls)
            {
                Calls.Add(id);
            }

            return $"record {id}";
        }
    }
}
