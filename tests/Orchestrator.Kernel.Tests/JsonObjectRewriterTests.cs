using System.Buffers;
using System.Text;
using System.Text.Json;
using Orchestrator.Http;

namespace Orchestrator.Kernel.Tests;

/// <summary>The token copy the gateway's pass-through uses to replace <c>model</c> and <c>usage</c> in OpenAI bodies.</summary>
public sealed class JsonObjectRewriterTests
{
    private static readonly JsonEncodedText[] ModelAndUsage = [JsonEncodedText.Encode("model"), JsonEncodedText.Encode("usage")];

    [Fact]
    public void Only_the_named_top_level_properties_are_replaced_and_everything_else_is_kept_as_it_was()
    {
        var output = Rewrite("""{"id":"c-1","model":"gpt-test","choices":[{"message":{"content":"a \"quoted\" reply","model":"inner"}}],"usage":{"prompt_tokens":1},"x":null}""");

        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cloud/gpt-test", root.GetProperty("model").GetString());
        Assert.Equal(42, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("c-1", root.GetProperty("id").GetString());
        Assert.Equal("a \"quoted\" reply", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("inner", root.GetProperty("choices")[0].GetProperty("message").GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("x").ValueKind);
        Assert.Equal(["id", "model", "choices", "usage", "x"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_missing_property_is_appended_and_an_escaped_name_still_matches()
    {
        var output = Rewrite("""{"mo\u0064el":"gpt-test","caf\u00e9":1}""");

        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["model", "café", "usage"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cloud/gpt-test", root.GetProperty("model").GetString());
        Assert.Equal(42, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"model\":")]
    public void Anything_but_a_whole_JSON_object_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Rewrite(json));
    }

    [Fact]
    public void The_value_writer_gets_each_replaced_propertys_original_json_and_nothing_for_an_appended_one()
    {
        var originals = new List<string>();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonObjectRewriter.Rewrite("""{"usage":{"prompt_tokens":1, "x":[2]},"id":"c"}"""u8, writer, ModelAndUsage, originals, static (w, _, original, seen) =>
            {
                seen.Add(Encoding.UTF8.GetString(original));
                w.WriteNullValue();
            });
        }

        Assert.Equal(["""{"prompt_tokens":1, "x":[2]}""", string.Empty], originals);
        Assert.Equal("""{"usage":null,"id":"c","model":null}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Rewrite(string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonObjectRewriter.Rewrite(Encoding.UTF8.GetBytes(json), writer, ModelAndUsage, 42, static (w, index, _, total) =>
            {
                if (index == 0)
                {
                    w.WriteStringValue("cloud/gpt-test");
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteNumber("total_tokens", total);
                    w.WriteEndObject();
                }
            });
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
