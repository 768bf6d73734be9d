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
    /// <summary>
    /// Reads a (non-streamed) chat completion with a forward-only reader: the first choice's message (text and tool calls,
    /// read as a streamed delta is), its finish reason, the usage, id, model and creation time, with the body as the
    /// response's <see cref="OpenAIPassThroughResponse"/>.
    /// </summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    /// <exception cref="InvalidDataException">The body is JSON but not a chat completion.</exception>
    public static ChatResponse ParseChatCompletion(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("The chat completion has no choices.");
        }

        var contents = new List<AIContent>(1);
        ChatFinishReason? finish = null;
        var choices = 0;
        UsageDetails? usage = null;
        string? id = null;
        string? model = null;
        DateTimeOffset? created = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                finish = ReadChoices(ref reader, "message"u8, contents, out choices);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                created = ReadInt(ref reader) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (choices <= 0)
        {
            throw new InvalidDataException("The chat completion has no choices.");
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = id,
            ModelId = model,
            CreatedAt = created,
            FinishReason = finish,
            Usage = usage,
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
                finish = ReadChoices(ref reader, "delta"u8, contents, out choices);
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

    /// <summary>
    /// Reads the <c>choices</c> array (the reader on its property name): the first choice's <paramref name="message"/>
    /// object (<c>message</c> in a completion, <c>delta</c> in a chunk) into <paramref name="contents"/>; returns its
    /// finish reason. <paramref name="count"/> is the number of choices, or -1 when <c>choices</c> is not an array.
    /// </summary>
    private static ChatFinishReason? ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> message, List<AIContent> contents, out int count)
    {
        reader.Read();
        count = -1;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        ChatFinishReason? finish = null;
        count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count++ == 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                finish = ReadChoice(ref reader, message, contents);
            }
            else
            {
                reader.Skip();
            }
        }

        return finish;
    }

    /// <summary>Reads a choice object (the reader on its start) and returns its finish reason.</summary>
    private static ChatFinishReason? ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> message, List<AIContent> contents)
    {
        ChatFinishReason? finish = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(message))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMessage(ref reader, contents);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                finish = ReadString(ref reader) is { } reason ? FinishReason(reason) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return finish;
    }

    /// <summary>A message or a delta: its text and its tool calls (whole, or one fragment each in a delta).</summary>
    private static void ReadMessage(ref Utf8JsonReader reader, List<AIContent> contents)
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
                        contents.Add(ReadToolCall(ref reader));
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

    /// <summary>One tool call; in a stream, the first delta of a call has its id and name, later ones only an arguments fragment.</summary>
    private static FunctionCallContent ReadToolCall(ref Utf8JsonReader reader)
    {
        string? id = null;
        string? name = null;
        string? arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadString(ref reader);
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

    /// <summary>Reads the value after a property name: a string, or null for anything else (skipped).</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static ChatFinishReason FinishReason(string reason) => reason switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };
}
