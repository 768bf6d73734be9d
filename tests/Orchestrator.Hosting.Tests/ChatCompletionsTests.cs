using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Orchestrator.Hosting.Tests.Infrastructure;
using Orchestrator.Plugins.Observability;
using Orchestrator.Testing.Wire;

namespace Orchestrator.Hosting.Tests;

/// <summary>The official OpenAI .NET client against the gateway, which routes to the wire-level test server.</summary>
public sealed class ChatCompletionsTests
{
    [Fact]
    public async Task A_chat_completion_is_routed_to_the_requested_model_and_logged_for_the_keys_user()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "alice", team_id = "search" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("Hello there, Alice.", inputTokens: 12, outputTokens: 5));

        ChatCompletion completion = await host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel)
            .CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 64 }, ct);

        Assert.Equal("Hello there, Alice.", completion.Content.Single().Text);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(GatewayTestHost.CloudModel, completion.Model);
        Assert.Equal(12, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        var sent = host.Cloud.Requests.Single();
        Assert.Equal("gpt-test", sent.Model);
        Assert.Equal("Hello", sent.LastUserText);
        Assert.Equal("Be brief.", sent.Json!.Value.GetProperty("messages")[0].GetProperty("content").ToString());
        Assert.Empty(host.Local.Requests);

        await host.Services.GetRequiredService<LlmOpsLog>().FlushAsync(ct);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "llmops.db")}");
        await db.OpenAsync(ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT user_id, provider, model, input_tokens, status FROM llm_invocations";
        await using var row = await query.ExecuteReaderAsync(ct);
        Assert.True(await row.ReadAsync(ct));
        Assert.Equal(("alice", "cloud", "gpt-test", 12L, "succeeded"), (row.GetString(0), row.GetString(1), row.GetString(2), row.GetInt64(3), row.GetString(4)));
        Assert.False(await row.ReadAsync(ct));
    }

    [Fact]
    public async Task A_streamed_completion_arrives_chunk_by_chunk_with_the_usage_chunk_and_done()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "bob" }, ct);
        host.Cloud.Enqueue(ScriptedReply.Text("One two three four", inputTokens: 9, outputTokens: 4));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel).CompleteChatStreamingAsync([new UserChatMessage("Count")], cancellationToken: ct))
        {
            updates.Add(update);
        }

        Assert.Equal("One two three four", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.True(updates.Count(u => u.ContentUpdate.Count > 0) >= 4, "one chunk per word, forwarded as they came");
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = updates.Single(u => u.Usage is not null).Usage;
        Assert.Equal((9, 4), (usage.InputTokenCount, usage.OutputTokenCount));
        Assert.True(host.Cloud.Requests.Single().IsStreaming);

        // The raw wire format: data: events, the usage event with empty choices, then [DONE].
        host.Cloud.Enqueue(ScriptedReply.Text("Raw check"));
        using var raw = await host.PostChatAsync(key.Secret, """{"model":"cloud/gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""", ct);
        Assert.Equal("text/event-stream", raw.Content.Headers.ContentType!.MediaType);
        var events = (await raw.Content.ReadAsStringAsync(ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var usageEvent = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement;
        Assert.Equal("chat.completion.chunk", usageEvent.GetProperty("object").GetString());
        Assert.Equal(0, usageEvent.GetProperty("choices").GetArrayLength());
        Assert.True(usageEvent.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Tools_round_trip_a_call_and_its_result_through_the_gateway()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "carol" }, ct);
        host.Cloud.Enqueue(ScriptedReply.ToolCall("get_weather", """{"city":"Paris"}"""), ScriptedReply.Text("It is sunny in Paris."));
        var chat = host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel);
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather of a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) },
        };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options, ct);

        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, first.FinishReason);
        var call = first.ToolCalls.Single();
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());
        var tools = host.Cloud.Requests[0].Json!.Value.GetProperty("tools");
        Assert.Equal("get_weather", tools[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("string", tools[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny, 21 C"));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options, ct);

        Assert.Equal("It is sunny in Paris.", second.Content.Single().Text);
        var forwarded = host.Cloud.Requests[1].Json!.Value.GetProperty("messages");
        var assistant = forwarded.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal(call.Id, assistant.GetProperty("tool_calls")[0].GetProperty("id").GetString());
        var tool = forwarded.EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal(call.Id, tool.GetProperty("tool_call_id").GetString());
        Assert.Contains("sunny, 21 C", tool.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_tool_call_arrives_as_a_tool_calls_delta()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var key = await host.CreateKeyAsync(new { user_id = "dave" }, ct);
        host.Cloud.Enqueue(ScriptedReply.ToolCall("lookup", """{"id":7}"""));
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Finds a record.", BinaryData.FromString("""{"type":"object","properties":{"id":{"type":"integer"}}}""")) } };

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.OpenAI(key.Secret).GetChatClient(GatewayTestHost.CloudModel).CompleteChatStreamingAsync([new UserChatMessage("Find 7")], options, ct))
        {
            updates.Add(update);
        }

        var call = updates.SelectMany(u => u.ToolCallUpdates).Single(t => t.FunctionName is not null);
        Assert.Equal("lookup", call.FunctionName);
        Assert.Equal(7, JsonDocument.Parse(string.Concat(updates.SelectMany(u => u.ToolCallUpdates).Select(t => t.FunctionArgumentsUpdate?.ToString()))).RootElement.GetProperty("id").GetInt32());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, updates.Single(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task Models_lists_what_the_key_may_use()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await GatewayTestHost.StartAsync(ct);
        var all = await host.CreateKeyAsync(new { user_id = "erin" }, ct);
        var cheap = await host.CreateKeyAsync(new { user_id = "frank", max_tier = 1 }, ct);

        var allIds = (await host.OpenAI(all.Secret).GetOpenAIModelClient().GetModelsAsync(ct)).Value.Select(m => m.Id).ToList();
        var cheapIds = (await host.OpenAI(cheap.Secret).GetOpenAIModelClient().GetModelsAsync(ct)).Value.Select(m => m.Id).ToList();

        Assert.Equal(["auto", GatewayTestHost.CloudModel, GatewayTestHost.LocalModel], allIds.Order(StringComparer.Ordinal));
        Assert.Equal(["auto", GatewayTestHost.LocalModel], cheapIds.Order(StringComparer.Ordinal));
    }
}
