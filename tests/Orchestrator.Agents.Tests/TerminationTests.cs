using Microsoft.Extensions.AI;
using Orchestrator.Budgets;
using Orchestrator.Testing.Wire;
using Orchestrator.Usage;

namespace Orchestrator.Agents.Tests;

/// <summary>Every termination condition on real runs; the mid-stream ones also check that the budget ledger settled exactly what streamed.</summary>
public sealed class TerminationTests
{
    private const string Instructions = "You write long answers.";
    private const string Task = "Count slowly";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentGroupRunOptions Alice => new() { UserId = "alice" };

    /// <summary>A 200-word streamed reply (one word per chunk, paced), with an optional marker at a position.</summary>
    private static ScriptedReply LongReply(int markerAt = -1, string marker = "APPROVED", int delayMs = 10) =>
        ScriptedReply.Text(string.Join(' ', Enumerable.Range(1, 200).Select(i => i == markerAt ? marker : $"word{i}")), inputTokens: 50, outputTokens: 200)
            .WithChunkDelay(TimeSpan.FromMilliseconds(delayMs));

    private static WorkflowDefinition OneAgent(TerminationDefinition termination, string pattern = AgentPatterns.Sequential) =>
        new("long", pattern, [new AgentDefinition("writer", Instructions)], termination);

    /// <summary>What the budget gate charges a stream cut after <paramref name="received"/>: the prompt it sent plus the tokens received.</summary>
    private static decimal CutStreamCost(string received)
    {
        var estimator = new TiktokenTokenEstimator();
        var prompt = TiktokenTokenEstimator.CountPromptTokens(estimator, [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, Task)]);
        return CostCalculator.Compute(AgentHost.Descriptor, prompt, estimator.CountTokens(received), 0);
    }

    private static async Task AssertSettledForWhatStreamedAsync(AgentHost host, AgentGroupResult result)
    {
        var expected = CutStreamCost(result.Output);
        Assert.True(result.IsPartial);
        Assert.Equal(expected, result.Usage.Cost);
        Assert.Equal(Math.Ceiling(expected * 1_000_000m) / 1_000_000m, await host.SpentAsync("alice", Ct));
        Assert.Equal(0m, await host.ReservedAsync("alice", Ct));
        var row = Assert.Single(await host.AgentMessagesAsync(result.RunId, Ct));
        Assert.EndsWith(FormattableString.Invariant($"|{expected:0.########}"), row, StringComparison.Ordinal);
        Assert.Contains(result.Output, row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_match_cuts_the_stream_as_soon_as_the_marker_arrives_and_the_ledger_is_charged_only_for_what_streamed()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(LongReply(markerAt: 30));

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(TextMatch: "APPROVED"))).RunAsync(Task, Alice, Ct);

        Assert.Equal(TerminationReasons.TextMatch, result.Reason);
        Assert.Contains("word29 APPROVED", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("word40", result.Output, StringComparison.Ordinal);
        await AssertSettledForWhatStreamedAsync(host, result);
    }

    [Fact]
    public async Task Max_tokens_stops_mid_stream_once_prompt_plus_streamed_tokens_reach_the_allowance()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(LongReply());

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(MaxTokens: 60))).RunAsync(Task, Alice, Ct);

        Assert.Equal(TerminationReasons.MaxTokens, result.Reason);
        Assert.InRange(result.Usage.InputTokens + result.Usage.OutputTokens, 60, 70);
        await AssertSettledForWhatStreamedAsync(host, result);
    }

    [Fact]
    public async Task Max_cost_stops_mid_stream_at_the_streamed_cost()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(LongReply());

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(MaxCostUsd: 0.0005m))).RunAsync(Task, Alice, Ct);

        Assert.Equal(TerminationReasons.MaxCost, result.Reason);
        Assert.InRange(result.Usage.Cost, 0.0005m, 0.0006m);
        await AssertSettledForWhatStreamedAsync(host, result);
    }

    [Fact]
    public async Task Timeout_cuts_a_slow_stream_and_returns_the_partial_answer()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(LongReply(delayMs: 20));

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(Timeout: TimeSpan.FromMilliseconds(600)))).RunAsync(Task, Alice, Ct);

        Assert.Equal(TerminationReasons.Timeout, result.Reason);
        Assert.StartsWith("word1 word2", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("word200", result.Output, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
        await AssertSettledForWhatStreamedAsync(host, result);
    }

    [Fact]
    public async Task The_callers_stop_token_ends_the_run_gracefully_with_the_partial_result()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(LongReply());
        using var stop = new CancellationTokenSource();
        var options = new AgentGroupRunOptions { UserId = "alice", StopToken = stop.Token };
        var tokens = 0;
        AgentGroupResult? result = null;

        await foreach (var item in host.Factory.Create(OneAgent(new TerminationDefinition())).RunStreamingAsync(Task, options, Ct))
        {
            if (item is AgentTokenEvent && ++tokens == 5)
            {
                await stop.CancelAsync();
            }

            result = (item as AgentGroupFinishedEvent)?.Result ?? result;
        }

        Assert.NotNull(result);
        Assert.Equal(TerminationReasons.Cancelled, result.Reason);
        Assert.StartsWith("word1 word2 word3 word4 word5", result.Output, StringComparison.Ordinal);
        await AssertSettledForWhatStreamedAsync(host, result);
    }

    [Fact]
    public async Task Tool_call_match_stops_before_the_tool_runs()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        var calls = 0;
        var submit = AIFunctionFactory.Create((string answer) => { calls++; return "submitted"; }, "submit_answer", "Submits the final answer.");
        host.Server.Enqueue(ScriptedReply.ToolCall("submit_answer", """{"answer":"42"}"""));

        var result = await host.Factory
            .Create(new WorkflowDefinition("quiz", AgentPatterns.GroupChat, [new AgentDefinition("solver", "Solve it.")], new TerminationDefinition(ToolCallMatch: "submit_answer")),
                new Dictionary<string, IReadOnlyList<AITool>> { ["solver"] = [submit] })
            .RunAsync("6 x 7?", Alice, Ct);

        Assert.Equal(TerminationReasons.ToolCallMatch, result.Reason);
        Assert.Equal(0, calls);
        Assert.Single(host.ChatRequests);
        Assert.Contains(result.Messages, m => m.Kind == "tool_call" && m.Content == """submit_answer({"answer":"42"})""");
    }

    [Fact]
    public async Task Judge_approval_stops_when_the_judge_scores_an_output_at_the_threshold()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        static ScriptedReply Verdict(double score) => ScriptedReply.Text(FormattableString.Invariant(
            $$"""{"scores": {"task completion": {{score}}, "completeness": {{score}}, "correctness against sources": {{score}}}, "rationale": "checked"}"""));
        host.Server.Enqueue(ScriptedReply.Text("Paris, maybe."), Verdict(0.4), ScriptedReply.Text("Paris is the capital of France."), Verdict(0.9));

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(JudgeApprovalThreshold: 0.8), AgentPatterns.GroupChat)).RunAsync("Capital of France?", Alice, Ct);

        Assert.Equal(TerminationReasons.JudgeApproved, result.Reason);
        Assert.Equal(2, result.Turns);
        Assert.Equal(0.9, result.JudgeScore);
        Assert.Equal("Paris is the capital of France.", result.Output);
        Assert.Contains("Paris, maybe.", host.ChatRequests[1].Body, StringComparison.Ordinal);

        // The judge's calls are routed and metered too, count in the run's usage (four calls of 10 input tokens) and are
        // charged to the run's user like the agent's turns.
        Assert.Equal(40, result.Usage.InputTokens);
        Assert.Equal(result.Usage.Cost, await host.SpentAsync("alice", Ct));
    }

    [Fact]
    public async Task All_fires_only_once_every_condition_has_fired()
    {
        await using var host = await AgentHost.StartAsync(cancellationToken: Ct);
        host.Server.Enqueue(ScriptedReply.Text("ready now"), ScriptedReply.Text("still here"), ScriptedReply.Text("unused"));
        var options = new AgentGroupRunOptions { UserId = "alice", Termination = TerminationCondition.All(new TextMatchTermination("ready"), new MaxTurnsTermination(2)) };

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition(MaxTurns: 10), AgentPatterns.GroupChat)).RunAsync("Go", options, Ct);

        Assert.Equal(TerminationReasons.MaxTurns, result.Reason);
        Assert.Equal(["ready now", "still here"], result.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task A_budget_refusal_stops_the_run_before_anything_is_sent()
    {
        await using var host = await AgentHost.StartAsync(dailyLimit: 0.001m, cancellationToken: Ct);

        var result = await host.Factory.Create(OneAgent(new TerminationDefinition())).RunAsync(Task, Alice, Ct);

        Assert.Equal(TerminationReasons.BudgetExceeded, result.Reason);
        Assert.IsType<BudgetExceededException>(result.Error);
        Assert.Empty(host.ChatRequests);
        Assert.False(result.Succeeded);
    }
}
