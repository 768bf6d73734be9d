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
    [InlineData("", "the reply is empty")]
    [InlineData("   \n ", "the reply is empty")]
    [InlineData("""{"scores": {"completion": 8, "correctness": 1}, "rationale": "x"}""", "\"completion\" is 8, outside 0-1")]
    [InlineData("""{"scores": {"completion": "9/0", "correctness": 1}, "rationale": "x"}""", "not a number")]
    [InlineData("""{"scores": {"completion": -0.1, "correctness": 1}, "rationale": "x"}""", "outside 0-1")]
    [InlineData("""{"scores": {"completion": null, "correctness": 1}, "rationale": "x"}""", "not a number")]
    [InlineData("""{"score": 0.9, "rationale": "x"}""", "no \"scores\" object")]
    [InlineData("""{"scores": {"completion": 1, "correctness": 1}, "rationale": "  "}""", "no \"rationale\"")]
    [InlineData("""```json\n{"scores": {"completion": 1, "correctness": 1}, "rationale": "cut off""", "no complete JSON object")]
    public async Task Replies_that_stay_unusable_fail_instead_of_scoring(string reply, string problem)
    {
        var (judge, calls) = Scripted(reply, reply);

        var ex = await Assert.ThrowsAsync<JudgeFailedException>(() => judge.JudgeAsync("t", "o", Criteria, TestContext.Current.CancellationToken));

        Assert.Equal(2, calls.Count);
        Assert.Contains(problem, ex.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""Sure! {"scores": {"completion": 0.5, "correctness": 1}, "rationale": "Half done."} Hope that helps {really}.""", 0.75)]
    [InlineData("""My verdict {see below}:\n```json\n{"scores": {"completion": 1, "correctness": 0}, "rationale": "Wrong number."}\n```""", 0.5)]
    [InlineData("""{"scores": {"completion": "8/10", "correctness": "60%"}, "rationale": "Mostly."}""", 0.7)]
    [InlineData("""{"scores": {"Completion": "0.9", "CORRECTNESS": 0.7,}, "reasoning": "Close.",}""", 0.8)]
    [InlineData("""{"rationale": "Uses {braces} and \"quotes\" in text.", "scores": {"completion": 1, "correctness": 1}}""", 1.0)]
    public async Task Common_deviations_around_a_valid_verdict_are_read_on_the_first_reply(string reply, double score)
    {
        var (judge, calls) = Scripted(reply);

        var verdict = await judge.JudgeAsync("t", "o", Criteria, TestContext.Current.CancellationToken);

        Assert.Equal(score, verdict.Score, 6);
        Assert.Single(calls);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Rationale));
    }

    [Fact]
    public async Task A_judge_with_a_routing_request_asks_the_router_for_that_tier()
    {
        var client = new ScriptedChatClient
        {
            OnResponse = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, """{"scores": {"completion": 1, "correctness": 1}, "rationale": "ok"}"""))),
        };
        var judge = new LlmJudge(client, new Orchestrator.Routing.RoutingRequest { MinTier = 3 });

        await judge.JudgeAsync("t", "o", Criteria, TestContext.Current.CancellationToken);

        Assert.Equal(3, Orchestrator.Routing.RoutingChatOptionsExtensions.GetRoutingRequest(client.SeenOptions.Single())!.MinTier);
    }
}
