using Microsoft.Extensions.AI;
using Orchestrator.Judging;
using Orchestrator.Kernel.Tests.Fakes;

namespace Orchestrator.Kernel.Tests;

public sealed class JudgeTests
{
    private static readonly string[] Criteria = ["completion", "correctness"];

    private static (LlmJudge Judge, List<List<ChatMessage>> Calls) Scripted(params string[] replies)
    {
        var queue = new Queue<string>(replies);
        var calls = new List<List<ChatMessage>>();
        var client = new ScriptedChatClient
        {
            OnResponse = (messages, _, _) =>
            {
                calls.Add([.. messages]);
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, queue.Dequeue())));
            },
        };
        return (new LlmJudge(client, maxAttempts: 2), calls);
    }

    [Fact]
    public async Task A_verdict_in_a_code_fence_is_read_and_averaged()
    {
        var (judge, calls) = Scripted("""
            Here you go:
            ```json
            {"scores": {"completion": 1, "correctness": 0.5}, "rationale": "Found the price but not the currency."}
            ```
            """);

        var verdict = await judge.JudgeAsync("Find the price", "42", Criteria, TestContext.Current.CancellationToken);

        Assert.Equal(0.75, verdict.Score, 6);
        Assert.Equal(0.5, verdict.Criteria["correctness"]);
        Assert.Equal("Found the price but not the currency.", verdict.Rationale);
        Assert.Contains("Find the price", calls.Single()[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_reply_is_sent_back_with_the_problem_and_retried()
    {
        var (judge, calls) = Scripted(
            """{"scores": {"completion": 1.7, "correctness": 1}, "rationale": "x"}""",
            """{"scores": {"completion": 0.9, "correctness": 1}, "rationale": "Complete."}""");

        var verdict = await judge.JudgeAsync("t", "o", Criteria, TestContext.Current.CancellationToken);

        Assert.Equal(0.95, verdict.Score, 6);
        Assert.Equal(2, calls.Count);
        Assert.Contains("outside 0-1", calls[1][^1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I think it is good.", "no JSON object")]
    [InlineData("""{"scores": {"completion": 1}, "rationale": "x"}""", "\"correctness\" is missing")]
    [InlineData("""{"scores": {"completion": 1, "correctness": "high"}, "rationale": "x"}""", "not a number")]
    [InlineData("""{"scores": {"completion": 1, "correctness": 1}}""", "no \"rationale\"")]
    [InlineData("""{"scores": {"completion": 1, "correctness": 1, "rationale": "x"}""", "")]
    public async Task Replies_that_stay_unusable_fail_instead_of_scoring(string reply, string problem)
    {
        var (judge, calls) = Scripted(reply, reply);

        var ex = await Assert.ThrowsAsync<JudgeFailedException>(() => judge.JudgeAsync("t", "o", Criteria, TestContext.Current.CancellationToken));

        Assert.Equal(2, calls.Count);
        Assert.Contains(problem, ex.LastError, StringComparison.Ordinal);
    }
}
