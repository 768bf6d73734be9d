using Microsoft.Extensions.AI;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Testing.Tests;

/// <summary>Replies, usage and tool calls as each official SDK's <see cref="IChatClient"/> sees them.</summary>
public sealed class ChatRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Providers => SdkClients.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Scripted_text_reaches_the_caller_unchanged(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Bonjour, the capital is Paris."));

        var response = await SdkClients.For(provider, server).GetResponseAsync("What is the capital of France?", cancellationToken: Ct);

        Assert.Equal("Bonjour, the capital is Paris.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streamed_text_arrives_in_several_chunks_that_add_up_to_the_reply(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("one two three four five"));

        var pieces = new List<string>();
        await foreach (var update in SdkClients.For(provider, server).GetStreamingResponseAsync("Count to five", cancellationToken: Ct))
        {
            if (update.Text.Length > 0)
            {
                pieces.Add(update.Text);
            }
        }

        Assert.Equal(["one", " two", " three", " four", " five"], pieces);
    }

    [Theory]
    [InlineData("openai", 120L, 100L)]
    [InlineData("anthropic", 120L, 100L)]
    [InlineData("ollama", 120L, null)]
    public async Task Usage_reported_by_the_server_reaches_the_caller(string provider, long expectedInput, long? expectedCached)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Cached answer", inputTokens: 120, outputTokens: 7, cachedInputTokens: 100));

        var response = await SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.NotNull(response.Usage);
        Assert.Equal(expectedInput, response.Usage.InputTokenCount);
        Assert.Equal(7, response.Usage.OutputTokenCount);
        Assert.Equal(expectedCached, response.Usage.CachedInputTokenCount);
    }

    [Theory]
    [InlineData("openai", 40L)]
    [InlineData("anthropic", 40L)]
    [InlineData("ollama", null)]
    public async Task Streamed_reply_reports_usage_by_the_end_of_the_stream(string provider, long? expectedCached)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("A short streamed answer", inputTokens: 42, outputTokens: 4, cachedInputTokens: 40));

        var updates = await SdkClients.For(provider, server).GetStreamingResponseAsync("Hi", cancellationToken: Ct).ToListAsync(Ct);
        var response = updates.ToChatResponse();

        Assert.Equal("A short streamed answer", response.Text);
        Assert.NotNull(response.Usage);
        Assert.Equal(42, response.Usage.InputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        Assert.Equal(expectedCached, response.Usage.CachedInputTokenCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reply_without_usage_gives_the_caller_no_token_counts(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("No counts here").WithoutUsage());

        var response = await SdkClients.For(provider, server).GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("No counts here", response.Text);
        Assert.True((response.Usage?.InputTokenCount ?? 0) == 0, $"input tokens: {response.Usage?.InputTokenCount}");
        Assert.True((response.Usage?.OutputTokenCount ?? 0) == 0, $"output tokens: {response.Usage?.OutputTokenCount}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Tool_call_reaches_the_caller_with_its_name_and_arguments(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.ToolCall("get_weather", """{"city":"Paris","unit":"celsius"}""", id: "call_fixed_1"));

        var response = await SdkClients.For(provider, server).GetResponseAsync("Weather in Paris?", WeatherTool(), Ct);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments?["city"]?.ToString());
        Assert.Equal("celsius", call.Arguments?["unit"]?.ToString());
        if (provider != "ollama")
        {
            // Ollama's protocol carries no call ids; OllamaSharp makes its own.
            Assert.Equal("call_fixed_1", call.CallId);
        }

        // Real Ollama ends a tool-calling turn with done_reason "stop"; the others say they stopped for tool calls.
        Assert.Equal(provider == "ollama" ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streamed_tool_calls_are_reassembled_whole(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.ToolCalls(
            new ScriptedToolCall("get_weather", """{"city":"Paris","unit":"celsius"}"""),
            new ScriptedToolCall("get_weather", """{"city":"Lyon","unit":"celsius"}""")));

        var updates = await SdkClients.For(provider, server).GetStreamingResponseAsync("Weather?", WeatherTool(), Ct).ToListAsync(Ct);

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["Paris", "Lyon"], calls.Select(c => c.Arguments?["city"]?.ToString()));
        Assert.All(calls, c => Assert.Equal("get_weather", c.Name));
        Assert.Equal(2, calls.Select(c => c.CallId).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Truncated_reply_finishes_for_length(string provider)
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("This answer was cut").AsTruncated());

        var response = await SdkClients.For(provider, server).GetResponseAsync("Tell me everything", cancellationToken: Ct);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    private static ChatOptions WeatherTool() => new()
    {
        Tools = [AIFunctionFactory.Create((string city, string unit) => $"{city}: 21 {unit}", "get_weather", "Gets the weather.")],
    };
}
