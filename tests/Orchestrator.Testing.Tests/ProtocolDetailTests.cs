using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic.Models.Models;
using OpenAI.Chat;
using OpenAI.Models;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Testing.Tests;

/// <summary>Wire details a provider adapter relies on, checked with each SDK's own types or on the raw wire.</summary>
public sealed class ProtocolDetailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Openai_sdk_reads_prompt_completion_and_cached_tokens()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Hi", inputTokens: 2048, outputTokens: 12, cachedInputTokens: 1024));

        ChatCompletion completion = await SdkClients.OpenAI(server).CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Ct);

        Assert.Equal(2048, completion.Usage.InputTokenCount);
        Assert.Equal(12, completion.Usage.OutputTokenCount);
        Assert.Equal(2060, completion.Usage.TotalTokenCount);
        Assert.Equal(1024, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Openai_stream_asks_for_usage_and_gets_it_in_a_final_chunk_without_choices()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Streaming works", inputTokens: 30, outputTokens: 2));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in SdkClients.OpenAI(server).CompleteChatStreamingAsync([new UserChatMessage("Hi")], cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var request = Assert.Single(server.Requests);
        Assert.True(request.Json!.Value.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("Streaming works", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = Assert.Single(updates, u => u.Usage is not null).Usage;
        Assert.Equal(30, usage.InputTokenCount);
        Assert.Equal(2, usage.OutputTokenCount);
        Assert.Same(usage, updates[^1].Usage);
    }

    [Fact]
    public async Task Openai_streamed_tool_call_arguments_come_in_fragments_under_one_index()
    {
        await using var server = await WireServer.StartAsync(Ct);
        const string arguments = """{"query":"vector databases","top_k":5}""";
        server.Enqueue(ScriptedReply.ToolCall("search_docs", arguments, id: "call_abc"));

        var fragments = new List<StreamingChatToolCallUpdate>();
        await foreach (var update in SdkClients.OpenAI(server).CompleteChatStreamingAsync([new UserChatMessage("Find docs")], cancellationToken: Ct))
        {
            fragments.AddRange(update.ToolCallUpdates);
        }

        Assert.True(fragments.Count > 2, "arguments should be split across several chunks");
        Assert.All(fragments, f => Assert.Equal(0, f.Index));
        Assert.Equal("call_abc", fragments[0].ToolCallId);
        Assert.Equal("search_docs", fragments[0].FunctionName);
        Assert.Equal(arguments, string.Concat(fragments.Select(f => f.FunctionArgumentsUpdate?.ToString())));
    }

    [Fact]
    public async Task Anthropic_stream_sends_the_documented_event_sequence()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Hi there").WithToolCalls(new ScriptedToolCall("lookup", """{"id":7}""")));
        using var http = new HttpClient { BaseAddress = server.AnthropicEndpoint };
        using var content = JsonContent.Create(new { model = "claude-sonnet-4-5", max_tokens = 64, stream = true, messages = new[] { new { role = "user", content = "Hi" } } });

        using var response = await http.PostAsync(new Uri("v1/messages", UriKind.Relative), content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = body.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l[7..]).ToList();
        Assert.Equal(
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events);
    }

    [Fact]
    public async Task Ollama_stream_is_ndjson_ending_with_a_done_line_carrying_counts()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Enqueue(ScriptedReply.Text("Local model", inputTokens: 26, outputTokens: 2));
        using var http = new HttpClient { BaseAddress = server.OllamaEndpoint };
        using var content = JsonContent.Create(new { model = "llama3.2", messages = new[] { new { role = "user", content = "Hi" } } });

        using var response = await http.PostAsync(new Uri("api/chat", UriKind.Relative), content, Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([false, false, true], lines.Select(l => l.GetProperty("done").GetBoolean()));
        Assert.Equal("stop", lines[^1].GetProperty("done_reason").GetString());
        Assert.Equal(26, lines[^1].GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(2, lines[^1].GetProperty("eval_count").GetInt32());
    }

    [Fact]
    public async Task Each_protocol_lists_the_configured_models()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.Models = ["model-a", "model-b"];

        var openAI = await new OpenAIModelClient(new ApiKeyCredential("sk-test"), new OpenAI.OpenAIClientOptions { Endpoint = server.OpenAIEndpoint }).GetModelsAsync(Ct);
        var anthropic = await SdkClients.AnthropicRaw(server).Models.List(new ModelListParams(), Ct);
        var ollama = await SdkClients.Ollama(server).ListLocalModelsAsync(Ct);

        Assert.Equal(["model-a", "model-b"], openAI.Value.Select(m => m.Id));
        Assert.Equal(["model-a", "model-b"], anthropic.Items.Select(m => m.ID));
        Assert.Equal(["model-a", "model-b"], ollama.Select(m => m.Name));
        Assert.Equal([WireProtocol.OpenAI, WireProtocol.Anthropic, WireProtocol.Ollama], server.Requests.Select(r => r.Protocol));
    }

    [Fact]
    public async Task Ollama_health_probes_answer_like_a_running_ollama()
    {
        await using var server = await WireServer.StartAsync(Ct);
        var client = SdkClients.Ollama(server);

        Assert.True(await client.IsRunningAsync(Ct));
        Assert.Equal("0.12.6", (await client.GetVersionAsync(Ct)).ToString());
    }

    [Fact]
    public async Task Listing_fault_makes_health_probes_fail()
    {
        await using var server = await WireServer.StartAsync(Ct);
        server.ListingFault = WireFault.ServiceUnavailable();

        var openAI = await Assert.ThrowsAsync<ClientResultException>(
            () => new OpenAIModelClient(new ApiKeyCredential("sk-test"), new OpenAI.OpenAIClientOptions
            {
                Endpoint = server.OpenAIEndpoint,
                RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0),
            }).GetModelsAsync(Ct));
        var ollama = await Assert.ThrowsAsync<HttpRequestException>(() => SdkClients.Ollama(server).IsRunningAsync(Ct));

        Assert.Equal(503, openAI.Status);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ollama.StatusCode);
    }
}
