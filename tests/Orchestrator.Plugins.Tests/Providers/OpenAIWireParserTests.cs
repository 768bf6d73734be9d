using System.Text;
using Microsoft.Extensions.AI;
using Orchestrator.Plugins.Providers.OpenAI;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Tests.Providers;

/// <summary>The pass-through's reader of OpenAI bodies: a completion and a streamed chunk share one reader of messages, tool calls and usage.</summary>
public sealed class OpenAIWireParserTests
{
    [Fact]
    public void A_completion_gives_its_first_choice_tool_calls_finish_reason_usage_and_identity()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-x","unknown":{"a":[1,2]},
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"moon\"}"}}]},"finish_reason":"tool_calls"},
                {"index":1,"message":{"role":"assistant","content":"second choice"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"prompt_tokens_details":{"cached_tokens":8}}}
            """);

        var response = OpenAIWireParser.ParseChatCompletion(body);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal(("call_1", "lookup", "{\"q\":\"moon\"}"), (call.CallId, call.Name, (string?)call.RawRepresentation));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal((12L, 5L, 17L, 8L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.CachedInputTokenCount));
        Assert.Equal(("chatcmpl-1", "gpt-x"), (response.ResponseId, response.ModelId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
        Assert.Same(body, Assert.IsType<OpenAIPassThroughResponse>(response.RawRepresentation).Body);
    }

    [Theory]
    [InlineData("""{"id":"x","choices":[]}""")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""[1,2]""")]
    public void A_body_without_choices_is_not_a_completion(string json) =>
        Assert.Throws<InvalidDataException>(() => OpenAIWireParser.ParseChatCompletion(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_chunk_reads_its_delta_like_a_message_and_a_usage_only_chunk_is_marked()
    {
        var text = OpenAIWireParser.ParseChunk(Encoding.UTF8.GetBytes("""{"id":"c","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}"""));
        var usage = OpenAIWireParser.ParseChunk(Encoding.UTF8.GetBytes("""{"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""));

        Assert.Equal("Hello", text.Text);
        Assert.False(Assert.IsType<OpenAIPassThroughChunk>(text.RawRepresentation).IsUsageOnly);
        Assert.Equal(5, Assert.IsType<UsageContent>(Assert.Single(usage.Contents)).Details.TotalTokenCount);
        Assert.True(Assert.IsType<OpenAIPassThroughChunk>(usage.RawRepresentation).IsUsageOnly);
    }
}
