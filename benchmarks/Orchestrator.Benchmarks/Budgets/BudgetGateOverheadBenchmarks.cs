using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets;
using Orchestrator.Catalog;
using Orchestrator.Configuration;
using Orchestrator.Providers;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Benchmarks.Budgets;

/// <summary>
/// The budget gate's added cost per chat call: the same metered provider client, with and without budgets (embedded
/// ledger, a user pool and the global pool), against the wire-level test server on loopback, in the same run.
/// </summary>
[MemoryDiagnoser]
public class BudgetGateOverheadBenchmarks
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, "What is the capital of France?")];
    private static readonly ChatOptions Options = new ChatOptions { MaxOutputTokens = 64 }.WithUserId("bench");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orch-bench-gate-{Guid.NewGuid():N}.db");
    private WireServer _server = null!;
    private ServiceProvider _plain = null!;
    private ServiceProvider _budgeted = null!;
    private IChatClient _withoutGate = null!;
    private IChatClient _withGate = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await WireServer.StartAsync();
        _server.DefaultReply = ScriptedReply.Text("Paris is the capital of France.", inputTokens: 14, outputTokens: 7);
        _plain = Build(budgets: false);
        _budgeted = Build(budgets: true);
        _withoutGate = _plain.GetRequiredService<ProviderRegistry>().GetChatClient("p", "m");
        _withGate = _budgeted.GetRequiredService<ProviderRegistry>().GetChatClient("p", "m");
        await _withGate.GetResponseAsync(Prompt, Options);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _plain.DisposeAsync();
        await _budgeted.DisposeAsync();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "metered client, no budgets")]
    public Task<ChatResponse> WithoutGate() => _withoutGate.GetResponseAsync(Prompt, Options);

    [Benchmark(Description = "metered client + budget gate (embedded)")]
    public Task<ChatResponse> WithGate() => _withGate.GetResponseAsync(Prompt, Options);

    private ServiceProvider Build(bool budgets)
    {
        var services = new ServiceCollection();
        var builder = services.AddOrchestrator(options =>
        {
            options.Providers["p"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = _server.OpenAIEndpoint.ToString(), Models = ["m"] };
            options.Models.Add(new ModelDescriptor { Provider = "p", Id = "m", Tier = 1, InputPricePerMillion = 0.2m, OutputPricePerMillion = 0.6m, ContextWindow = 32_000, MaxOutputTokens = 4096 });
        }).AddStandardProviders();
        if (budgets)
        {
            builder.AddBudgets(o =>
            {
                o.SqlitePath = _path;
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = 1_000_000m });
                o.Limits.Add(new BudgetLimitOptions { Scope = BudgetScope.Global, Period = BudgetPeriod.Monthly, Limit = 1_000_000_000m });
            });
        }

        return services.BuildServiceProvider();
    }
}
