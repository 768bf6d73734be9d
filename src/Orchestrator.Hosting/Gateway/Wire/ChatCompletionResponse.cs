using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

// What POST /v1/chat/completions answers: a chat.completion object, or chat.completion.chunk events when streamed.
// The classes are mutable so one streamed request reuses a single chunk object for every event it writes.

internal sealed class ChatCompletionResponse
{
    [JsonPropertyName("id")] public string Id { get; set; } = string.Empty;

    [JsonPropertyName("object")] public string Object { get; set; } = "chat.completion";

    [JsonPropertyName("created")] public long Created { get; set; }

    [JsonPropertyName("model")] public string Model { get; set; } = string.Empty;

    [JsonPropertyName("choices")] public List<WireChoice> Choices { get; set; } = [];

    [JsonPropertyName("usage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WireUsage? Usage { get; set; }

    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; set; }
}

internal sealed class WireChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WireResponseMessage? Message { get; set; }

    [JsonPropertyName("delta")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WireResponseMessage? Delta { get; set; }

    [JsonPropertyName("logprobs")] public object? Logprobs { get; set; }

    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

internal sealed class WireResponseMessage
{
    [JsonPropertyName("role")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; set; }

    /// <summary>Written even when null in a full message (OpenAI does); omitted from deltas by the chunk writer.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; set; }

    [JsonPropertyName("tool_calls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<WireToolCall>? ToolCalls { get; set; }
}

internal sealed class WireUsage
{
    [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; set; }

    [JsonPropertyName("completion_tokens")] public long CompletionTokens { get; set; }

    [JsonPropertyName("total_tokens")] public long TotalTokens { get; set; }
}
