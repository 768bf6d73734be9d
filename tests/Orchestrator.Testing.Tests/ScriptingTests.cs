using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Testing.Tests;

/// <summary>How replies are chosen, how requests are recorded, and how the server starts and stops.</summary>
public sealed class ScriptingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_listens_on_loopback_only()
    {
        await using var server = await WireServer.StartAsync(Ct);

        Assert.Equal(IPAddress.Loopback, IPAddress.Parse(server.BaseAddress.Host));
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal(new Uri(server.BaseAddress, "v1/"), server.OpenAIEndpoint);
    }

    [Fact]
    public async Task Replies_are_taken_in_order_whatever_the_protocol()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("first"), ScriptedReply.Text("second"), ScriptedReply.Text("third"));

        var first = await SdkClients.Ollama(server).GetResponseAsync("a", cancellationToken: Ct);
        var second = await SdkClients.AnthropicChat(server).GetResponseAsync("b", cancellationToken: Ct);
        var third = await SdkClients.OpenAIChat(server).GetResponseAsync("c", cancellationToken: Ct);

        Assert.Equal(["first", "second", "third"], [first.Text, second.Text, third.Text]);
        Assert.Equal([WireProtocol.Ollama, WireProtocol.Anthropic, WireProtocol.OpenAI], server.Requests.Select(r => r.Protocol));
        Assert.Equal(0, server.PendingReplyCount);
    }

    [Fact]
    public async Task A_model_queue_serves_its_model_before_the_shared_queue()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("from the shared queue"));
        server.ForModel("gpt-4o").Enqueue(ScriptedReply.Text("from the big model"));

        var small = await SdkClients.OpenAIChat(server, "gpt-4o-mini").GetResponseAsync("Hi", cancellationToken: Ct);
        var big = await SdkClients.OpenAIChat(server, "gpt-4o").GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("from the shared queue", small.Text);
        Assert.Equal("from the big model", big.Text);
    }

    [Fact]
    public async Task Default_reply_answers_once_the_queue_is_empty()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("scripted"));
        server.DefaultReply = ScriptedReply.Text("default");
        var client = SdkClients.OpenAIChat(server);

        var texts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            texts.Add((await client.GetResponseAsync("Hi", cancellationToken: Ct)).Text);
        }

        Assert.Equal(["scripted", "default", "default"], texts);
    }

    [Fact]
    public async Task Unscripted_request_fails_with_a_message_saying_what_to_script()
    {
        await using var server = await WireServer.StartAsync(Ct);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.OpenAIChat(server).GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Contains("no scripted reply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Computed_reply_answers_from_the_prompt()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Echo("You said: "));
        server.Enqueue(ScriptedReply.From(request => ScriptedReply.Text($"model={request.Model}")));

        var echoed = await SdkClients.AnthropicChat(server).GetResponseAsync("ping", cancellationToken: Ct);
        var computed = await SdkClients.Ollama(server, "qwen3:0.6b").GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("You said: ping", echoed.Text);
        Assert.Equal("model=qwen3:0.6b", computed.Text);
    }

    [Fact]
    public async Task Computed_reply_that_throws_fails_the_request_with_the_reason()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.From(_ => throw new InvalidOperationException("the test's script broke")));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SdkClients.OpenAIChat(server).GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Contains("the test's script broke", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_call_arguments_that_are_not_a_json_object_are_rejected_when_scripted()
    {
        Assert.Throws<ArgumentException>(() => ScriptedReply.ToolCall("get_weather", "{city: Paris"));
        Assert.Throws<ArgumentException>(() => ScriptedReply.Text("Hi").WithToolCalls(new ScriptedToolCall("f", "[1,2]")));
    }

    [Fact]
    public async Task Requests_are_recorded_with_path_headers_and_parsed_body()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("ok"));
        ChatMessage[] prompt = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "What is RAG?")];

        await SdkClients.OpenAIChat(server).GetResponseAsync(prompt, new ChatOptions { Temperature = 0.25f }, Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Headers["authorization"]);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.False(request.IsStreaming);
        Assert.Equal("What is RAG?", request.LastUserText);
        Assert.Equal(0.25, request.Json!.Value.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("system", request.Json.Value.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Chunk_delay_paces_the_stream()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("a b c d").WithChunkDelay(TimeSpan.FromMilliseconds(100)));

        var arrivals = new List<TimeSpan>();
        var stopwatch = Stopwatch.StartNew();
        await foreach (var update in SdkClients.OpenAIChat(server).GetStreamingResponseAsync("Hi", cancellationToken: Ct))
        {
            if (update.Text.Length > 0)
            {
                arrivals.Add(stopwatch.Elapsed);
            }
        }

        Assert.Equal(4, arrivals.Count);
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(280), $"spread {arrivals[^1] - arrivals[0]}");
    }

    [Fact]
    public async Task Dispose_ends_a_hung_request_promptly()
    {
        var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Fault(WireFault.Hang()));
        var pending = SdkClients.OpenAIChat(server).GetResponseAsync("Hi", cancellationToken: Ct);
        await server.WaitForRequestsAsync(1, Ct);

        var stopwatch = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stopped in {stopwatch.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
    }

    [Fact]
    public async Task Openai_compatible_endpoint_under_another_prefix_is_served()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("compatible"));
        var client = new OpenAI.Chat.ChatClient(
            "local-model",
            new System.ClientModel.ApiKeyCredential("none"),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "openai/v1/") });

        var completion = await client.CompleteChatAsync(["Hi"], cancellationToken: Ct);

        Assert.Equal("compatible", completion.Value.Content[0].Text);
        Assert.Equal("/openai/v1/chat/completions", server.Requests[0].Path);
    }
}
