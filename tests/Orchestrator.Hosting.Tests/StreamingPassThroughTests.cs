using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenAI.Chat;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>
/// Streamed calls to an OpenAI-protocol provider forward the client's body (with the provider's model id and
/// <c>stream_options.include_usage</c>) and answer with the provider's own SSE events (with the gateway's model name),
/// while failover before the first content, the end of a stream cut after content, budgets and the log behave as on
/// the SDK path, which Anthropic and Ollama providers still take.
/// </summary>
public sealed class StreamingPassThroughTests
{
    [Fact]
    public async Task A_streamed_reply_is_the_providers_own_events_with_the_gateways_model()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("One two three four", inputTokens: 9, outputTokens: 4));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel)
            .CompleteChatStreamingAsync([new UserChatMessage("Count")], new ChatCompletionOptions { EndUserId = "end-user-7" }, ct))
        {
            updates.Add(update);
        }

        Assert.Equal("One two three four", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.Equal((9, 4), (updates.Single(u => u.Usage is not null).Usage.InputTokenCount, updates.Single(u => u.Usage is not null).Usage.OutputTokenCount));
        Assert.All(updates, u => Assert.Equal(GatewayTestHost.CloudModel, u.Model));

        // The provider's own fields reach the client (the SDK path rebuilt every chunk and sent neither).
        Assert.All(updates, u => Assert.Equal("fp_wire", u.SystemFingerprint));
        Assert.Single(updates.Select(u => u.CompletionId).Distinct());

        var sent = host.Cloud.Requests.Single().Json!.Value;
        Assert.Equal("gpt-test", sent.GetProperty("model").GetString());
        Assert.Equal("end-user-7", sent.GetProperty("user").GetString());
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Without_include_usage_the_client_gets_no_usage_chunk_and_the_budget_settles_on_the_reported_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "bob", budget_period = "daily", budget_limit = 100 }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Counted by the provider", inputTokens: 9, outputTokens: 4));

        var (response, events) = await StreamRawAsync(host, key.Secret,
            """{"model":"cloud/gpt-test","stream":true,"user":"u-1","metadata":{"ticket":"T-1"},"messages":[{"role":"user","content":"Hi"}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cloud", response.Headers.GetValues("X-Orchestrator-Provider").Single());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(Json).ToList();
        Assert.Equal("Counted by the provider", TextOf(chunks));
        Assert.All(chunks, c => Assert.Equal(GatewayTestHost.CloudModel, c.GetProperty("model").GetString()));
        Assert.All(chunks, c => Assert.NotEqual(0, c.GetProperty("choices").GetArrayLength()));
        Assert.All(chunks, c => Assert.NotEqual(JsonValueKind.Object, c.TryGetProperty("usage", out var u) ? u.ValueKind : JsonValueKind.Undefined));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        // The provider was asked for its usage although the client was not, and got the client's other fields as sent.
        var sent = host.Cloud.Requests.Single().Json!.Value;
        Assert.True(sent.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("u-1", sent.GetProperty("user").GetString());
        Assert.Equal("T-1", sent.GetProperty("metadata").GetProperty("ticket").GetString());

        // $1000 per million tokens in and out: (9 + 4) tokens reported = $0.013, settled, nothing left held.
        Assert.Equal((0.013m, 0m), await host.DailySpendAsync("bob", 2, ct));
        Assert.Equal(["bob|cloud|succeeded|1|9|4|0"], await host.LogRowsAsync("user_id, provider, status, streamed, input_tokens, output_tokens, tokens_estimated", "started_at", ct));
    }

    [Fact]
    public async Task The_clients_own_stream_options_are_kept_with_include_usage_turned_on_for_the_provider_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "dave" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Options kept", inputTokens: 9, outputTokens: 4));

        var (_, events) = await StreamRawAsync(host, key.Secret,
            """{"model":"cloud/gpt-test","stream":true,"stream_options":{"include_usage":false,"continuous_usage_stats":true},"messages":[{"role":"user","content":"Hi"}]}""", ct);

        var options = host.Cloud.Requests.Single().Json!.Value.GetProperty("stream_options");
        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.True(options.GetProperty("continuous_usage_stats").GetBoolean());
        Assert.Equal(["include_usage", "continuous_usage_stats"], options.EnumerateObject().Select(p => p.Name));

        // The client said no usage chunk: it gets none.
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1].Select(Json), c => Assert.NotEqual(0, c.GetProperty("choices").GetArrayLength()));
        Assert.Equal("Options kept", TextOf(events[..^1].Select(Json)));
    }

    [Fact]
    public async Task With_include_usage_the_usage_chunk_is_the_last_before_done_and_carries_the_metered_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "carol", budget_period = "daily", budget_limit = 100 }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Reported usage", inputTokens: 9, outputTokens: 4), ScriptedReply.Text("No usage reported here").WithoutUsage());
        const string Body = """{"model":"cloud/gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""";

        var (_, reported) = await StreamRawAsync(host, key.Secret, Body, ct);
        var (_, estimated) = await StreamRawAsync(host, key.Secret, Body, ct);

        var usageChunk = Json(reported[^2]);
        Assert.Equal("[DONE]", reported[^1]);
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        Assert.Equal(GatewayTestHost.CloudModel, usageChunk.GetProperty("model").GetString());
        Assert.Equal("fp_wire", usageChunk.GetProperty("system_fingerprint").GetString());
        Assert.Equal(Json(reported[0]).GetProperty("id").GetString(), usageChunk.GetProperty("id").GetString());
        Assert.Equal((9, 4, 13), Usage(usageChunk));

        // The provider reported none: the gateway's estimate is metered, charged, logged and sent in a usage chunk of its own.
        var estimate = Usage(Json(estimated[^2]));
        Assert.Equal("[DONE]", estimated[^1]);
        Assert.True(estimate.Prompt > 0 && estimate.Completion > 0, $"{estimate}");
        Assert.Equal("No usage reported here", TextOf(estimated[..^2].Select(Json)));
        var rows = await host.LogRowsAsync("input_tokens, output_tokens, tokens_estimated, cost_usd", "started_at", ct);
        Assert.Equal(["9|4|0|0.013", $"{estimate.Prompt}|{estimate.Completion}|1|{(estimate.Prompt + estimate.Completion) / 1000m}"], rows);
        Assert.Equal((0.013m + ((estimate.Prompt + estimate.Completion) / 1000m), 0m), await host.DailySpendAsync("carol", 2, ct));
    }

    [Theory]
    [InlineData("503 before the stream", "server_error")]
    [InlineData("dropped after the role chunk", "connection_failed")]
    [InlineData("error event before content", "server_error")]
    [InlineData("rate-limit error event before content", "rate_limited")]
    public async Task A_failure_before_the_first_content_fails_over_and_the_client_sees_only_the_serving_providers_stream(string failure, string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "dave" }, ct);
        host.Local.Enqueue(failure switch
        {
            "503 before the stream" => ScriptedReply.Fault(WireFault.ServiceUnavailable()),
            "dropped after the role chunk" => ScriptedReply.Text("never seen by the client").DroppedAfter(1),
            "error event before content" => ScriptedReply.Fault(WireFault.StreamError(afterChunks: 1, "The server had an error while processing your request.")),
            _ => ScriptedReply.Fault(WireFault.StreamError(afterChunks: 1, "Rate limit reached for requests.", equivalentStatus: 429)),
        });
        host.Cloud.Enqueue(ScriptedReply.Text("Served by the cloud", inputTokens: 8, outputTokens: 4));

        var (response, events) = await StreamRawAsync(host, key.Secret, GatewayTestHost.Hello("auto", stream: true), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cloud", response.Headers.GetValues("X-Orchestrator-Provider").Single());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(Json).ToList();
        Assert.Equal("Served by the cloud", TextOf(chunks));
        Assert.All(chunks, c => Assert.Equal(GatewayTestHost.CloudModel, c.GetProperty("model").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("local-test", host.Local.Requests.Single().Model);
        Assert.Equal(["cloud|succeeded|", $"local|failed|{kind}"], await host.LogRowsAsync("provider, status, error_class", "provider", ct));
    }

    [Fact]
    public async Task A_tool_call_delta_is_content_so_a_drop_after_it_ends_the_stream_instead_of_failing_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "erin" }, ct);
        host.Local.Enqueue(ScriptedReply.ToolCall("lookup", """{"id":7}""", id: "call_7").DroppedAfter(2));

        var (response, events) = await StreamRawAsync(host, key.Secret,
            """{"model":"auto","stream":true,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"Find 7"}]}""", ct);

        // The role chunk and the call's first delta reached the client: another model's call cannot be spliced on.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("[DONE]", events);
        var call = Json(events[1]).GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0];
        Assert.Equal(("call_7", "lookup"), (call.GetProperty("id").GetString(), call.GetProperty("function").GetProperty("name").GetString()));
        var error = Json(events[^1]).GetProperty("error");
        Assert.Equal(("server_error", "upstream_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Empty(host.Cloud.Requests);
    }

    [Fact]
    public async Task A_streamed_tool_call_keeps_the_providers_call_id_and_arguments()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "frank" }, ct);
        host.Cloud.Enqueue(ScriptedReply.ToolCall("lookup", """{"id":7,"fields":["name","owner"]}""", id: "call_upstream_7"));
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Finds a record.", BinaryData.FromString("""{"type":"object","properties":{"id":{"type":"integer"}}}""")) } };

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel).CompleteChatStreamingAsync([new UserChatMessage("Find 7")], options, ct))
        {
            updates.Add(update);
        }

        var head = updates.SelectMany(u => u.ToolCallUpdates).Single(t => t.FunctionName is not null);
        Assert.Equal(("call_upstream_7", "lookup"), (head.ToolCallId, head.FunctionName));
        var arguments = JsonDocument.Parse(string.Concat(updates.SelectMany(u => u.ToolCallUpdates).Select(t => t.FunctionArgumentsUpdate?.ToString()))).RootElement;
        Assert.Equal(7, arguments.GetProperty("id").GetInt32());
        Assert.Equal(["name", "owner"], arguments.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.All(updates, u => Assert.Equal("fp_wire", u.SystemFingerprint));
    }

    [Theory]
    [InlineData("openai", "drop")]
    [InlineData("openai", "error event")]
    [InlineData("anthropic", "drop")]
    [InlineData("anthropic", "error event")]
    public async Task A_fault_after_content_ends_the_stream_with_an_error_event_and_charges_what_streamed(string protocol, string fault)
    {
        // The pass-through (openai) and the SDK path (anthropic) end a cut stream alike: the text so far, then an error
        // event, no [DONE]; no failover, since the client has seen tokens.
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct, CloudAs(protocol));
        var key = await host.CreateKeyAsync(new { user_id = "grace", budget_period = "daily", budget_limit = 100 }, ct);
        host.Cloud.Enqueue(ScriptedReply.Fault(fault == "drop" ? WireFault.DropConnection(afterChunks: 4) : WireFault.StreamError(afterChunks: 4, "Overloaded")));

        var (response, events) = await StreamRawAsync(host, key.Secret, GatewayTestHost.Hello(GatewayTestHost.CloudModel, stream: true), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("[DONE]", events);
        Assert.StartsWith("word1", TextOf(events[..^1].Select(Json)), StringComparison.Ordinal);
        var error = Json(events[^1]).GetProperty("error");
        Assert.Equal(("server_error", "upstream_unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("interrupted", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Local.Requests);
        var (spent, reserved) = await host.DailySpendAsync("grace", 2, ct);
        Assert.True(spent > 0m, "what streamed is charged");
        Assert.Equal(0m, reserved);
        Assert.Equal(["cloud|failed|1"], await host.LogRowsAsync("provider, status, tokens_estimated", "started_at", ct));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_releases_the_hold_and_is_logged_as_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "heidi", budget_period = "daily", budget_limit = 100 }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("one two three four five six seven eight nine ten", inputTokens: 9, outputTokens: 10).WithChunkDelay(TimeSpan.FromMilliseconds(200)));

        // No drain: disposing an unfinished response closes the connection at once instead of reading the rest first.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = host.Address };
        using (var message = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(GatewayTestHost.Hello(GatewayTestHost.CloudModel, stream: true), System.Text.Encoding.UTF8, "application/json") })
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line && !line.Contains("\"content\":\"one\"", StringComparison.Ordinal))
            {
            }
        }

        // Disposing the response closed the connection after the first word; the gateway cancels the upstream call, the
        // meter logs it and the budget gate settles the hold (in that order, so wait for both).
        List<string> rows = [];
        (decimal Spent, decimal Reserved) budget = default;
        for (var i = 0; i < 150 && (rows.Count == 0 || budget.Reserved != 0m); i++)
        {
            await Task.Delay(100, ct);
            rows = await host.LogRowsAsync("status, streamed", "started_at", ct);
            budget = await host.DailySpendAsync("heidi", 2, ct);
        }

        Assert.Equal(["cancelled|1"], rows);
        Assert.Equal(0m, budget.Reserved);
        Assert.True(budget.Spent > 0m, "the prompt and what streamed are charged");
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("ollama")]
    public async Task Anthropic_and_Ollama_providers_keep_the_rebuilt_stream(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct, CloudAs(protocol));
        var key = await host.CreateKeyAsync(new { user_id = "ivan" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Rebuilt chunk by chunk", inputTokens: 9, outputTokens: 4));

        var (response, events) = await StreamRawAsync(host, key.Secret,
            """{"model":"cloud/gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(protocol, host.Cloud.Requests.Single().Protocol.ToString(), ignoreCase: true);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(Json).ToList();
        Assert.Equal("Rebuilt chunk by chunk", TextOf(chunks));
        Assert.All(chunks, c => Assert.Equal(GatewayTestHost.CloudModel, c.GetProperty("model").GetString()));
        Assert.All(chunks, c => Assert.NotEqual("fp_wire", c.TryGetProperty("system_fingerprint", out var fingerprint) ? fingerprint.ToString() : null));
        Assert.Equal((9, 4, 13), Usage(chunks[^1]));
    }

    private static Action<Dictionary<string, string?>>? CloudAs(string protocol) => protocol == "openai" ? null : settings =>
    {
        // Anthropic's and Ollama's endpoints are the wire server's root, not its /v1/.
        settings["Orchestrator:Providers:cloud:Type"] = protocol;
        settings["Orchestrator:Providers:cloud:Local"] = "false";
        settings["Orchestrator:Providers:cloud:BaseUrl"] = settings["Orchestrator:Providers:cloud:BaseUrl"]!.Replace("/v1/", "/", StringComparison.Ordinal);
    };

    private static async Task<(HttpResponseMessage Response, string[] Events)> StreamRawAsync(GatewayTestHost host, string key, string json, CancellationToken ct)
    {
        var response = await host.PostChatAsync(key, json, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync(ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        return (response, [.. events.Select(e => e["data: ".Length..])]);
    }

    private static JsonElement Json(string data) => JsonDocument.Parse(data).RootElement;

    private static string TextOf(IEnumerable<JsonElement> chunks) => string.Concat(chunks
        .Where(c => c.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
        .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
        .Select(d => d.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString() : null));

    private static (int Prompt, int Completion, int Total) Usage(JsonElement chunk)
    {
        var usage = chunk.GetProperty("usage");
        return (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }
}
