using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Budgets;
using Orchestrator.Kernel.Tests.Fakes;
using Orchestrator.Tools;

namespace Orchestrator.Kernel.Tests.Tools;

public sealed class WorkbenchTests : IDisposable
{
    private readonly ToolRegistry _registry = new();
    private readonly CollectingMessageSink _log = new();
    private readonly List<string> _ran = [];
    private BudgetEvents? _events;

    public WorkbenchTests()
    {
        _registry.Register(AIFunctionFactory.Create((string q) => Run("lookup", $"found {q}"), "lookup", "Looks a term up."), ToolRegistration.ReadOnly);
        _registry.Register(AIFunctionFactory.Create((string path) => Run("delete_file", $"deleted {path}"), "delete_file", "Deletes a file."), new ToolRegistration { Risk = ToolRiskLevel.Writes, RequiresApproval = true });
        _registry.Register(AIFunctionFactory.Create((string q) => Run("paid_search", $"paid {q}"), "paid_search", "A paid web search."), new ToolRegistration { Risk = ToolRiskLevel.ReadOnly, CostHintUsd = 0.4m });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_sees_only_its_workbench_and_its_calls_run_through_the_tool_loop_and_are_logged()
    {
        var catalog = Catalog();
        var tools = catalog.GetTools("research", "researcher");
        Assert.Equal(["lookup", "paid_search"], tools.Select(t => t.Name));

        var turn = 0;
        var model = new ScriptedChatClient
        {
            OnResponse = (_, _, _) => Task.FromResult(++turn == 1
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["q"] = "MCP" })]))
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"))),
        };
        using var client = new FunctionInvokingChatClient(model);
        var options = new ChatOptions { Tools = [.. tools] }.WithWorkflow("research", "v2");
        options.AdditionalProperties![WorkbenchCatalog.RunIdProperty] = "run-42";

        var response = await client.GetResponseAsync("look up MCP", options, Ct);

        Assert.Equal("done", response.Text);
        Assert.Equal(["lookup"], _ran);
        var entry = Assert.Single(_log.Records);
        Assert.Equal(("run-42", "researcher", "lookup", "tool_call", "research", "v2"), (entry.ConversationId, entry.Sender, entry.Recipient, entry.MessageType, entry.WorkflowId, entry.WorkflowVersion));
        Assert.Contains("MCP", JsonDocument.Parse(entry.Content).RootElement.GetProperty("arguments").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_outside_the_workbench_is_refused_logged_and_the_tool_does_not_run()
    {
        var catalog = Catalog();

        var result = await catalog.InvokeAsync("research", "researcher", "delete_file", new() { ["path"] = "/etc/passwd" }, Ct);

        Assert.Equal(ToolCallOutcome.RefusedNotInWorkbench, result.Outcome);
        Assert.Contains("not in workbench 'research'", result.Message, StringComparison.Ordinal);
        Assert.Empty(_ran);
        var entry = Assert.Single(_log.Records);
        Assert.Equal(("tool_refused", "delete_file"), (entry.MessageType, entry.Recipient));
        Assert.Equal("RefusedNotInWorkbench", JsonDocument.Parse(entry.Content).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_call_needing_approval_is_refused_without_an_approver()
    {
        var tool = (AIFunction)Catalog().GetTools("files", "janitor").Single(t => t.Name == "delete_file");

        var result = await tool.InvokeAsync(new() { ["path"] = "a.txt" }, Ct);

        Assert.Contains("requires approval and no approver is configured", result?.ToString(), StringComparison.Ordinal);
        Assert.Empty(_ran);
        Assert.Equal("tool_refused", Assert.Single(_log.Records).MessageType);
    }

    [Fact]
    public async Task The_approver_sees_the_call_and_its_denial_or_grant_decides_whether_the_tool_runs()
    {
        var approver = new Approver(r => (string?)r.Arguments["path"]?.ToString() == "keep.txt" ? ToolApprovalDecision.Deny("that file is needed") : ToolApprovalDecision.Approve);
        var catalog = Catalog(approver);

        var denied = await catalog.InvokeAsync("files", "janitor", "delete_file", new() { ["path"] = "keep.txt" }, Ct);
        var granted = await catalog.InvokeAsync("files", "janitor", "delete_file", new() { ["path"] = "tmp.txt" }, Ct);

        Assert.Equal(ToolCallOutcome.RefusedApprovalDenied, denied.Outcome);
        Assert.Contains("that file is needed", denied.Message, StringComparison.Ordinal);
        Assert.Equal(ToolCallOutcome.Succeeded, granted.Outcome);
        Assert.Equal("deleted tmp.txt", granted.Value?.ToString());
        Assert.Equal(["delete_file"], _ran);
        Assert.Equal([("janitor", "files", "delete_file"), ("janitor", "files", "delete_file")], approver.Seen.Select(r => (r.AgentName, r.Workbench, r.Tool.Name)));
        Assert.Equal(["tool_refused", "tool_call"], _log.Records.Select(r => r.MessageType));
    }

    [Fact]
    public async Task A_tool_with_a_cost_hint_is_charged_to_the_budget_and_refused_once_the_pool_has_no_room()
    {
        var gate = Gate(limit: 1m);
        var catalog = Catalog(budget: gate);
        var alice = new BudgetSubject("alice", null, null);

        using (BudgetContext.Use("alice", null))
        {
            Assert.Equal(ToolCallOutcome.Succeeded, (await catalog.InvokeAsync("research", "r", "paid_search", new() { ["q"] = "a" }, Ct)).Outcome);
            Assert.Equal(ToolCallOutcome.Succeeded, (await catalog.InvokeAsync("research", "r", "paid_search", new() { ["q"] = "b" }, Ct)).Outcome);
            var third = await catalog.InvokeAsync("research", "r", "paid_search", new() { ["q"] = "c" }, Ct);

            Assert.Equal(ToolCallOutcome.RefusedBudget, third.Outcome);
            Assert.Contains("has no room", third.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, _ran.Count);
        var status = Assert.Single(await gate.GetStatusAsync(alice, Ct), s => s.Limit is not null);   // the weekly and monthly pools only record spend
        Assert.Equal(0.8m, status.Spent);
        Assert.Equal(0m, status.Reserved);
    }

    [Fact]
    public async Task A_free_tool_is_refused_when_a_pool_is_already_spent()
    {
        var gate = Gate(limit: 0.5m);
        await gate.TrackAsync(new BudgetSubject("bob", null, null), 0.5m, Ct);
        var catalog = Catalog(budget: gate);

        using (BudgetContext.Use("bob", null))
        {
            var result = await catalog.InvokeAsync("research", "r", "lookup", new() { ["q"] = "x" }, Ct);
            Assert.Equal(ToolCallOutcome.RefusedBudget, result.Outcome);
        }

        using (BudgetContext.Use("carol", null))
        {
            Assert.Equal(ToolCallOutcome.Succeeded, (await catalog.InvokeAsync("research", "r", "lookup", new() { ["q"] = "x" }, Ct)).Outcome);
        }

        Assert.Equal(["lookup"], _ran);
    }

    [Fact]
    public async Task A_disabled_tool_is_hidden_and_refused_and_an_unknown_workbench_entry_is_an_error()
    {
        _registry.SetEnabled("lookup", false);
        var catalog = Catalog();

        Assert.DoesNotContain(catalog.GetTools("research", "r"), t => t.Name == "lookup");
        Assert.Equal(ToolCallOutcome.RefusedUnavailable, (await catalog.InvokeAsync("research", "r", "lookup", null, Ct)).Outcome);
        var typo = new WorkbenchCatalog(_registry, [new WorkbenchDefinition("w", ["lookpu"])]);
        Assert.Contains("lookpu", Assert.Throws<InvalidOperationException>(() => typo.GetTools("w", "a")).Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => catalog.GetTools("nope", "a"));
    }

    [Fact]
    public async Task A_failing_message_log_does_not_fail_the_call_and_a_throwing_tool_is_logged_then_rethrown()
    {
        _registry.Register(AIFunctionFactory.Create(string () => throw new InvalidOperationException("disk full"), "explode", "Fails."), ToolRegistration.ReadOnly);
        var broken = new WorkbenchCatalog(_registry, [new WorkbenchDefinition("w", ["lookup"])], log: new ThrowingSink());
        var catalog = new WorkbenchCatalog(_registry, [new WorkbenchDefinition("w", ["explode", "paid_search"])], log: _log);

        Assert.Equal("found x", (await broken.InvokeAsync("w", "a", "lookup", new() { ["q"] = "x" }, Ct)).Value?.ToString());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.InvokeAsync("w", "a", "explode", null, Ct));
        await catalog.InvokeAsync("w", "a", "paid_search", new() { ["q"] = "y" }, Ct);

        Assert.Equal("disk full", error.Message);
        var rows = _log.Records.ToList();
        Assert.Equal(["tool_failed", "tool_call"], rows.Select(r => r.MessageType));
        Assert.Equal("disk full", JsonDocument.Parse(rows[0].Content).RootElement.GetProperty("message").GetString());
        Assert.Equal("0.4", JsonDocument.Parse(rows[1].Content).RootElement.GetProperty("cost_usd").GetString());
    }

    public void Dispose() => _events?.Dispose();

    private string Run(string tool, string result)
    {
        _ran.Add(tool);
        return result;
    }

    private WorkbenchCatalog Catalog(IToolApprovalService? approvals = null, BudgetGate? budget = null) => new(
        _registry,
        [new WorkbenchDefinition("research", ["lookup", "paid_*"]), new WorkbenchDefinition("files", ["delete_file", "lookup"])],
        approvals,
        budget,
        _log);

    private BudgetGate Gate(decimal limit)
    {
        var options = new BudgetOptions { Limits = [new BudgetLimitOptions { Scope = BudgetScope.User, Period = BudgetPeriod.Daily, Limit = limit }] };
        _events = new BudgetEvents([], NullLogger<BudgetEvents>.Instance, null, null);
        return new BudgetGate(new LocalBudgetLedger(TimeProvider.System, TimeZoneInfo.Utc), new BudgetLimits(options.Limits), options, TimeProvider.System, _events, NullLogger<BudgetGate>.Instance);
    }

    private sealed class ThrowingSink : Orchestrator.Telemetry.IAgentMessageSink
    {
        public ValueTask RecordAsync(Orchestrator.Telemetry.AgentMessageRecord record, CancellationToken cancellationToken = default) =>
            throw new IOException("log database is down");
    }

    private sealed class Approver(Func<ToolApprovalRequest, ToolApprovalDecision> decide) : IToolApprovalService
    {
        public List<ToolApprovalRequest> Seen { get; } = [];

        public ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken = default)
        {
            Seen.Add(request);
            return ValueTask.FromResult(decide(request));
        }
    }
}
