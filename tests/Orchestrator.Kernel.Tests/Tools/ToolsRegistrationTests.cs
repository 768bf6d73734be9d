using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Agents;
using Orchestrator.Configuration;
using Orchestrator.Judging;
using Orchestrator.Kernel.Tests.Fakes;
using Orchestrator.Providers;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Tools;

namespace Orchestrator.Kernel.Tests.Tools;

public sealed class ToolsRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddWorkbench_wires_the_catalog_to_the_hosts_approver_and_message_log()
    {
        var services = new ServiceCollection();
        var log = new CollectingMessageSink();
        services.AddSingleton<IAgentMessageSink>(log);
        services.AddSingleton<IToolApprovalService>(new DenyAll());
        services.AddOrchestrator(_ => { }).AddWorkbench("ops", "restart_*").AddWorkbench("read", "status");
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ToolRegistry>();
        registry.Register(AIFunctionFactory.Create(() => "restarted", "restart_service", "Restarts the service."), new ToolRegistration { Risk = ToolRiskLevel.ExternalSideEffects });
        registry.Register(AIFunctionFactory.Create(() => "ok", "status", "Service status."), ToolRegistration.ReadOnly);

        var catalog = provider.GetRequiredService<IWorkbenchCatalog>();
        var restart = (AIFunction)Assert.Single(catalog.GetTools("ops", "operator"));
        var result = await restart.InvokeAsync(new(), Ct);

        Assert.Same(provider.GetRequiredService<WorkbenchCatalog>(), catalog);
        Assert.Contains("denied", result?.ToString(), StringComparison.Ordinal);
        Assert.Equal("tool_refused", Assert.Single(log.Records).MessageType);
        Assert.Equal(["status"], catalog.GetTools("read", "reader").Select(t => t.Name));
    }

    [Fact]
    public async Task AddLlmJudge_routes_the_judge_to_the_premium_tier()
    {
        var premium = new ScriptedChatClient
        {
            OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, """{"scores": {"completion": 0.8}, "rationale": "Mostly there."}"""))),
        };
        var services = new ServiceCollection();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatProviderFactory>(new FakeProviderFactory(premium)));
        services.AddOrchestrator(options =>
        {
            options.Providers["fake"] = new ProviderOptions { Type = "openai-compatible", BaseUrl = "http://127.0.0.1:9/v1/", Models = ["small", "large"] };
            options.Models.Add(Model("small", tier: 1, price: 0.1m));
            options.Models.Add(Model("large", tier: 3, price: 10m));
        }).AddLlmJudge(minTier: 3);
        await using var provider = services.BuildServiceProvider();

        var verdict = await provider.GetRequiredService<ILlmJudge>().JudgeAsync("task", "output", ["completion"], Ct);

        Assert.Equal(0.8, verdict.Score, 6);
        // The router picked the tier-3 model although the tier-1 one is cheaper.
        var seen = Assert.Single(premium.SeenOptions);
        Assert.Equal("large", seen?.ModelId);
        Assert.Equal(3, seen.GetRoutingRequest()!.MinTier);
    }

    private static Orchestrator.Catalog.ModelDescriptor Model(string id, int tier, decimal price) => new()
    {
        Provider = "fake", Id = id, Tier = tier, InputPricePerMillion = price, OutputPricePerMillion = price, ContextWindow = 8192, MaxOutputTokens = 1024, SupportsJsonMode = true,
    };

    private sealed class DenyAll : IToolApprovalService
    {
        public ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(ToolApprovalDecision.Deny("change freeze"));
    }
}
