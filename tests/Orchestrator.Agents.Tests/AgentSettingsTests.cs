using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Budgets;
using Orchestrator.Routing;
using Orchestrator.Telemetry;
using Orchestrator.Tools;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Agents.Tests;

/// <summary>Per-agent routing settings and workbench tools, through the real router.</summary>
public sealed class AgentSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WorkflowDefinition One(AgentDefinition agent) => new("settings", AgentPatterns.Sequential, [agent], new TerminationDefinition());

    [Fact]
    public async Task An_agents_tier_restricts_the_models_the_router_may_use()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.Text("served");

        var mid = await host.Factory.Create(One(new AgentDefinition("a", "A.", Tier: "mid"))).RunAsync("Go", cancellationToken: Ct);
        var premium = await host.Factory.Create(One(new AgentDefinition("a", "A.", Tier: "premium"))).RunAsync("Go", cancellationToken: Ct);

        Assert.Equal(("completed", "served"), (mid.Reason, mid.Output));
        Assert.Equal(TerminationReasons.Failed, premium.Reason);
        Assert.IsType<NoProviderAvailableException>(premium.Error, exactMatch: false);
        Assert.Single(host.ChatRequests);
    }

    [Fact]
    public async Task An_agent_pinned_to_a_model_uses_that_models_metered_client_and_is_logged_as_itself()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.Text("pinned", inputTokens: 10, outputTokens: 1);

        var result = await host.Factory.Create(One(new AgentDefinition("pinned-agent", "A.", Model: "openai/" + AgentHost.Model))).RunAsync("Go", new AgentGroupRunOptions { UserId = "alice" }, Ct);

        Assert.Equal("pinned", result.Output);
        Assert.Equal(AgentHost.Model, host.ChatRequests[0].Model);
        Assert.Equal(((10 * 3m) + 15m) / 1_000_000m, await host.SpentAsync("alice", Ct));
        Assert.Throws<ArgumentException>(() => host.Factory.Create(One(new AgentDefinition("x", "A.", Model: "nope/model"))));
    }

    [Fact]
    public async Task Workbench_tools_come_from_the_registered_catalog_and_an_unknown_workbench_is_refused_by_name()
    {
        var opened = new List<(string Workbench, string Agent)>();
        var catalog = new OneWorkbench("ops", AIFunctionFactory.Create(() => "disk 42% full", "disk_usage", "Reports disk usage."), opened);
        await using var host = await AgentHost.StartAsync(services: s => s.AddSingleton<IWorkbenchCatalog>(catalog), cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.ToolCall("disk_usage", "{}"), ScriptedReply.Text("Disk is 42% full."));

        var result = await host.Factory.Create(One(new AgentDefinition("sre", "Check the disk.", Workbench: "ops"))).RunAsync("Disk?", cancellationToken: Ct);
        var error = Assert.Throws<ArgumentException>(() => host.Factory.Create(One(new AgentDefinition("sre", "Check.", Workbench: "finance"))));

        Assert.Equal("Disk is 42% full.", result.Output);
        Assert.Equal(("ops", "sre"), Assert.Single(opened));
        Assert.Contains("disk 42% full", host.ChatRequests[1].Body, StringComparison.Ordinal);
        Assert.Contains("workbench 'finance' is not defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_through_the_real_workbench_catalog_are_logged_under_the_run_and_a_tool_outside_it_is_refused()
    {
        var registry = new ToolRegistry();
        registry.Register(AIFunctionFactory.Create(() => "disk 42% full", "disk_usage", "Reports disk usage."), new ToolRegistration { Risk = ToolRiskLevel.ReadOnly });
        registry.Register(AIFunctionFactory.Create(() => "rebooted", "reboot", "Reboots the host."), new ToolRegistration { Risk = ToolRiskLevel.ExternalSideEffects });
        await using var host = await AgentHost.StartAsync(
            services: s => s
                .AddSingleton(new WorkbenchDefinition("ops", ["disk_usage"]))
                .AddSingleton<IWorkbenchCatalog>(sp => new WorkbenchCatalog(registry, sp.GetServices<WorkbenchDefinition>(), budget: sp.GetService<BudgetGate>(), log: sp.GetService<IAgentMessageSink>())),
            cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.ToolCall("disk_usage", "{}"), ScriptedReply.ToolCall("reboot", "{}"), ScriptedReply.Text("Disk is 42% full; I may not reboot."));

        var result = await host.Factory.Create(One(new AgentDefinition("sre", "Check the disk.", Workbench: "ops"))).RunAsync("Disk?", new AgentGroupRunOptions { RunId = "run-wb-1" }, Ct);
        var messages = await host.AgentMessagesAsync("run-wb-1", Ct);

        Assert.Equal("Disk is 42% full; I may not reboot.", result.Output);
        Assert.DoesNotContain("\"reboot\"", host.ChatRequests[0].Body, StringComparison.Ordinal);   // the model is not even shown it
        Assert.Contains(messages, m => m.StartsWith("sre>disk_usage|tool_call|", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("sre>reboot|tool_refused|", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("sre>", StringComparison.Ordinal) && m.Contains("|text|", StringComparison.Ordinal));
    }

    /// <summary>A one-workbench catalog (the tool registry is a separate area); it records who asked for what.</summary>
    private sealed class OneWorkbench(string name, AITool tool, List<(string, string)> opened) : IWorkbenchCatalog
    {
        public IReadOnlyList<AITool> GetTools(string workbench, string agentName)
        {
            if (!string.Equals(workbench, name, StringComparison.Ordinal))
            {
                throw new KeyNotFoundException(workbench);
            }

            opened.Add((workbench, agentName));
            return [tool];
        }
    }
}
