using Microsoft.Extensions.AI;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Agents.Tests;

/// <summary>Each orchestration pattern end to end: ChatClientAgents over the real router, budget gate and meter, against the wire-level server.</summary>
public sealed class PatternTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentGroupRunOptions Alice => new() { UserId = "alice", WorkflowVersion = "v1" };

    /// <summary>Answers each request by the agent whose instructions open its system prompt (concurrent requests arrive in any order).</summary>
    private static ScriptedReply ByAgent(params (string Instructions, string Reply)[] replies) =>
        ScriptedReply.From(request => ScriptedReply.Text(replies.First(r => request.Body.Contains(r.Instructions, StringComparison.Ordinal)).Reply, inputTokens: 40, outputTokens: 8));

    [Fact]
    public async Task Sequential_agents_each_see_the_earlier_outputs_and_every_message_is_logged_with_tokens_and_cost()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(
            ScriptedReply.Text("Outline: intro, body", inputTokens: 30, outputTokens: 5),
            ScriptedReply.Text("Draft based on outline", inputTokens: 50, outputTokens: 7),
            ScriptedReply.Text("Final polished draft", inputTokens: 70, outputTokens: 6));
        var group = host.Factory.Create(new WorkflowDefinition("essay", AgentPatterns.Sequential,
            [new("outliner", "Outline the essay."), new("drafter", "Draft the essay."), new("editor", "Edit the draft.")],
            new TerminationDefinition()));

        var result = await group.RunAsync("Write about otters", Alice, Ct);

        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal("Final polished draft", result.Output);
        Assert.Equal(["outliner", "drafter", "editor"], result.Messages.Select(m => m.Sender));
        var requests = host.ChatRequests;
        Assert.Equal(3, requests.Count);
        Assert.Contains("Outline: intro, body", requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("Draft based on outline", requests[2].Body, StringComparison.Ordinal);
        Assert.Contains("Edit the draft.", requests[2].Body, StringComparison.Ordinal);

        // Metered usage: (30+50+70) input at $3/M and (5+7+6) output at $15/M; the ledger settled the same.
        var expected = ((150 * 3m) + (18 * 15m)) / 1_000_000m;
        Assert.Equal(expected, result.Usage.Cost);
        Assert.Equal(168, result.Usage.InputTokens + result.Usage.OutputTokens);
        Assert.Equal(expected, await host.SpentAsync("alice", Ct));
        Assert.Equal(
            [
                "outliner>*|text|Outline: intro, body|35|0.000165",
                "drafter>*|text|Draft based on outline|57|0.000255",
                "editor>*|text|Final polished draft|76|0.0003",
            ],
            await host.AgentMessagesAsync(result.RunId, Ct));
    }

    [Fact]
    public async Task Concurrent_agents_fan_out_on_the_same_input_and_fan_in_in_agent_order()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ByAgent(("Argue for.", "Otters are great."), ("Argue against.", "Otters bite."), ("Stay neutral.", "Otters exist."));
        var group = host.Factory.Create(new WorkflowDefinition("debate", AgentPatterns.Concurrent,
            [new("pro", "Argue for."), new("con", "Argue against."), new("neutral", "Stay neutral.")],
            new TerminationDefinition()));

        var result = await group.RunAsync("Are otters good pets?", Alice, Ct);

        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal("pro: Otters are great.\n\ncon: Otters bite.\n\nneutral: Otters exist.", result.Output);
        Assert.Equal(3, host.ChatRequests.Count);
        Assert.All(host.ChatRequests, r => Assert.DoesNotContain("Otters", r.Body.Replace("otters", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal(3, result.Turns);
    }

    [Fact]
    public async Task Twelve_concurrent_agents_each_answer_once_and_each_answer_is_logged()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.From(r => ScriptedReply.Text("answer of " + System.Text.RegularExpressions.Regex.Match(r.Body, "You are agent (\\d+)\\.").Groups[1].Value)
            .WithChunkDelay(TimeSpan.FromMilliseconds(5)));
        var agents = Enumerable.Range(1, 12).Select(i => new AgentDefinition($"agent{i}", $"You are agent {i}.")).ToList();
        var group = host.Factory.Create(new WorkflowDefinition("swarm", AgentPatterns.Concurrent, agents, new TerminationDefinition()));

        var result = await group.RunAsync("Report", Alice, Ct);

        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal(12, result.Turns);
        Assert.Equal(string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"agent{i}: answer of {i}")), result.Output);
        Assert.Equal(12, (await host.AgentMessagesAsync(result.RunId, Ct)).Count);
    }

    [Fact]
    public async Task Handoff_moves_the_conversation_to_the_agent_named_by_the_tool_call_without_another_call_to_the_first()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(
            ScriptedReply.ToolCall("handoff_to_billing", "{}"),
            ScriptedReply.Text("Your refund is on its way.", inputTokens: 20, outputTokens: 6));
        var group = host.Factory.Create(new WorkflowDefinition("support", AgentPatterns.Handoff,
            [new("triage", "Route the customer."), new("billing", "Handle billing questions."), new("tech", "Handle technical questions.")],
            new TerminationDefinition()));

        var events = new List<AgentGroupEvent>();
        await foreach (var item in group.RunStreamingAsync("I want a refund", Alice, Ct))
        {
            events.Add(item);
        }

        var result = Assert.IsType<AgentGroupFinishedEvent>(events[^1]).Result;
        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal("Your refund is on its way.", result.Output);
        Assert.Equal(2, host.ChatRequests.Count);
        Assert.Contains("handoff_to_billing", host.ChatRequests[0].Body, StringComparison.Ordinal);
        Assert.Contains("handoff_to_tech", host.ChatRequests[0].Body, StringComparison.Ordinal);
        Assert.Contains("Handle billing questions.", host.ChatRequests[1].Body, StringComparison.Ordinal);
        Assert.Equal(["triage", "billing"], events.OfType<AgentStartedEvent>().Select(e => e.Agent));
        Assert.Equal("handoff_to_billing", Assert.Single(events.OfType<ToolCalledEvent>()).ToolName);
        var log = await host.AgentMessagesAsync(result.RunId, Ct);
        Assert.Contains("triage>billing|handoff|handoff to billing|0|0", log);
        Assert.Equal("billing>*|text|Your refund is on its way.|26|0.00015", log[^1]);
    }

    [Fact]
    public async Task Round_robin_group_chat_takes_turns_until_max_turns()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.DefaultReply = ScriptedReply.From(r => ScriptedReply.Text(r.Body.Contains("You are Ann.", StringComparison.Ordinal) ? "Ann speaks" : "Bob speaks"));
        var group = host.Factory.Create(new WorkflowDefinition("chat", AgentPatterns.GroupChat,
            [new("ann", "You are Ann."), new("bob", "You are Bob.")], new TerminationDefinition(MaxTurns: 3)));

        var result = await group.RunAsync("Discuss lunch", Alice, Ct);

        Assert.Equal(TerminationReasons.MaxTurns, result.Reason);
        Assert.Equal(["ann", "bob", "ann"], result.Messages.Select(m => m.Sender));
        Assert.Equal(["Ann speaks", "Bob speaks", "Ann speaks"], result.Messages.Select(m => m.Content));
        Assert.Contains("Bob speaks", host.ChatRequests[2].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_selected_group_chat_asks_the_router_who_speaks_and_stops_when_it_says_done()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(
            ScriptedReply.Text("coder"),
            ScriptedReply.Text("def add(a, b): return a + b"),
            ScriptedReply.Text("Reviewer."),
            ScriptedReply.Text("Looks right."),
            ScriptedReply.Text("DONE"));
        var group = host.Factory.Create(new WorkflowDefinition("pair", AgentPatterns.GroupChatModelSelected,
            [new("coder", "Writes code."), new("reviewer", "Reviews code.")], new TerminationDefinition()));

        var result = await group.RunAsync("Write add()", Alice, Ct);

        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal(["coder", "reviewer"], result.Messages.Select(m => m.Sender));
        Assert.Equal("Looks right.", result.Output);
        Assert.Contains("- coder: Writes code.", host.ChatRequests[0].Body, StringComparison.Ordinal);
        Assert.Contains("def add", host.ChatRequests[2].Body, StringComparison.Ordinal);

        // Speaker selection is a routed, metered call too: five calls in all, each 10 input tokens.
        Assert.Equal(50, result.Usage.InputTokens);
    }

    [Fact]
    public async Task Research_group_plans_searches_with_its_workbench_tool_writes_and_revises_until_the_critic_approves()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        var searches = new List<string>();
        var search = AIFunctionFactory.Create((string query) => { searches.Add(query); return "[1] otters.md: Sea otters use rocks as tools."; }, "search_documents", "Searches the indexed documents.");
        host.Server.Enqueue(
            ScriptedReply.Text("1. How do otters use tools?"),
            ScriptedReply.ToolCall("search_documents", """{"query":"otter tools"}"""),
            ScriptedReply.Text("Found: sea otters use rocks [1]."),
            ScriptedReply.Text("Otters use rocks."),
            ScriptedReply.Text("Add the citation."),
            ScriptedReply.Text("Sea otters use rocks as tools [1]."),
            ScriptedReply.Text("APPROVED"));
        var group = host.Factory.Create(ResearchWorkflow.Create(), new Dictionary<string, IReadOnlyList<AITool>> { ["research"] = [search] });

        var events = new List<AgentGroupEvent>();
        await foreach (var item in group.RunStreamingAsync("How do otters use tools?", Alice, Ct))
        {
            events.Add(item);
        }

        var result = Assert.IsType<AgentGroupFinishedEvent>(events[^1]).Result;
        Assert.Equal(TerminationReasons.Completed, result.Reason);
        Assert.Equal(["otter tools"], searches);
        Assert.Equal(["planner", "researcher", "writer", "critic", "writer", "critic"], events.OfType<AgentStartedEvent>().Select(e => e.Agent));
        Assert.Equal("[1] otters.md: Sea otters use rocks as tools.", Assert.Single(events.OfType<ToolResultEvent>()).Result);
        Assert.Equal("APPROVED", result.Output);
        Assert.Equal("Sea otters use rocks as tools [1].", result.Messages.Last(m => m.Sender == "writer").Content);
        Assert.Contains("search_documents", host.ChatRequests[1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("search_documents", host.ChatRequests[0].Body, StringComparison.Ordinal);
        Assert.Contains(await host.AgentMessagesAsync(result.RunId, Ct), row => row.StartsWith("researcher>*|tool_call|search_documents(", StringComparison.Ordinal));
    }
}
