using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Providers;

namespace Orchestrator.Plugins.Providers.OpenAI;

/// <summary>Reads what Orchestrator needs from an OpenAI chat completion body: the first choice's text, tool calls and finish reason, and the usage.</summary>
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
