using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>
/// Reads what Orchestrator needs from an OpenAI chat completion body or streamed chunk: the first choice's text, tool
/// calls and finish reason, and the usage.
/// </summary>
internal static class OpenAIWireParser
{
    /// <exception cref="JsonException">The body is not JSON.</exception>
    /// <exception cref="InvalidDataException">The body is JSON but not a chat completion.</exception>
    public static ChatResponse ParseChatCompletion(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            throw new InvalidDataException("The chat completion has no choices.");
        }

        var choice = choices[0];
        List<AIContent> contents = [];
        if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                contents.Add(new TextContent(content.GetString()));
            }

            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    var function = call.GetProperty("function");
                    var arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                    contents.Add(new FunctionCallContent(call.GetProperty("id").GetString() ?? string.Empty, function.GetProperty("name").GetString() ?? string.Empty)
                    {
                        RawRepresentation = arguments,
                    });
                }
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = String(root, "id"),
            ModelId = String(root, "model"),
            CreatedAt = root.TryGetProperty("created", out var created) && created.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            FinishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String ? FinishReason(finish.GetString()!) : null,
            Usage = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object ? Usage(usage) : null,
            RawRepresentation = new OpenAIPassThroughResponse(body),
        };
    }

    /// <summary>
    /// Reads one streamed <c>chat.completion.chunk</c> event with a forward-only reader (no document, no model objects):
    /// the first choice's text delta, one <see cref="FunctionCallContent"/> per tool-call delta (so the router's
    /// first-content rule sees a tool call as content), its finish reason and the usage, with the event's bytes as the
    /// update's <see cref="OpenAIPassThroughChunk"/>.
    /// </summary>
    /// <exception cref="JsonException">The event is not JSON.</exception>
    /// <exception cref="InvalidDataException">The event is JSON but not an object.</exception>
    /// <exception cref="ProviderErrorEventException">The event is the provider's in-stream error.</exception>
    public static ChatResponseUpdate ParseChunk(byte[] data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("A streamed event is not a JSON object.");
        }

        var contents = new List<AIContent>(1);
        ChatFinishReason? finish = null;
        var choices = -1;
        UsageDetails? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                choices = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (choices++ == 0 && reader.TokenType == JsonTokenType.StartObject)
                    {
                        finish = ReadChoice(ref reader, contents);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                var rateLimited = reader.TokenType == JsonTokenType.StartObject && IsRateLimitError(ref reader);
                var body = System.Text.Encoding.UTF8.GetString(data);

                // The stream started with 200; the event says the provider failed. Without a status of its own it counts as
                // a server error (transient, so the router fails over while nothing has been sent), or a rate limit.
                throw new ProviderErrorEventException(rateLimited ? 429 : 500, body, new InvalidDataException("The provider sent an error event in the stream."));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (usage is not null)
        {
            contents.Add(new UsageContent(usage));
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            FinishReason = finish,
            RawRepresentation = new OpenAIPassThroughChunk(data, choices <= 0 && usage is not null),
        };
    }

    /// <summary>Reads a choice object (the reader on its start) and returns its finish reason.</summary>
    private static ChatFinishReason? ReadChoice(ref Utf8JsonReader reader, List<AIContent> contents)
    {
        ChatFinishReason? finish = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader, contents);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finish = reader.TokenType == JsonTokenType.String ? FinishReason(reader.GetString()!) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return finish;
    }

    private static void ReadDelta(ref Utf8JsonReader reader, List<AIContent> contents)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    contents.Add(new TextContent(reader.GetString()));
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        contents.Add(ReadToolCallDelta(ref reader));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>One tool-call delta: the first of a call has its id and name, later ones only an arguments fragment.</summary>
    private static FunctionCallContent ReadToolCallDelta(ref Utf8JsonReader reader)
    {
        string? id = null;
        string? name = null;
        string? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isName = reader.ValueTextEquals("name"u8);
                    var isArguments = !isName && reader.ValueTextEquals("arguments"u8);
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                    }
                    else if (isName)
                    {
                        name = reader.GetString();
                    }
                    else if (isArguments)
                    {
                        arguments = reader.GetString();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new FunctionCallContent(id ?? string.Empty, name ?? string.Empty) { RawRepresentation = arguments };
    }

    private static UsageDetails ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new UsageDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                usage.InputTokenCount = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                usage.OutputTokenCount = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                usage.TotalTokenCount = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("cached_tokens"u8))
                    {
                        usage.CachedInputTokenCount = ReadInt(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    private static long? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return number;
        }

        reader.Skip();
        return null;
    }

    private static UsageDetails? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>Reads an error object (the reader on its start): whether its type or code says rate limit.</summary>
    private static bool IsRateLimitError(ref Utf8JsonReader reader)
    {
        var rateLimited = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var typed = reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("code"u8);
            reader.Read();
            if (typed && reader.TokenType == JsonTokenType.String)
            {
                rateLimited |= reader.GetString()!.Contains("rate_limit", StringComparison.Ordinal);
            }
            else
            {
                reader.Skip();
            }
        }

        return rateLimited;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ChatFinishReason FinishReason(string reason) => reason switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static UsageDetails Usage(JsonElement usage) => new()
    {
        InputTokenCount = Int(usage, "prompt_tokens"),
        OutputTokenCount = Int(usage, "completion_tokens"),
        TotalTokenCount = Int(usage, "total_tokens"),
        CachedInputTokenCount = usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object ? Int(details, "cached_tokens") : null,
    };

    private static long? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : null;
}
