using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

// The request body of POST /v1/chat/completions, as OpenAI documents it. Fields whose JSON type varies (content,
// stop, tool_choice) stay JsonElement and are interpreted by ChatRequestMapper, which names the field on bad input.

internal sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("messages")] public List<WireMessage>? Messages { get; set; }

    [JsonPropertyName("stream")] public bool Stream { get; set; }

    [JsonPropertyName("stream_options")] public WireStreamOptions? StreamOptions { get; set; }

    [JsonPropertyName("temperature")] public float? Temperature { get; set; }

    [JsonPropertyName("top_p")] public float? TopP { get; set; }

    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }

    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("stop")] public JsonElement Stop { get; set; }

    [JsonPropertyName("seed")] public long? Seed { get; set; }

    [JsonPropertyName("presence_penalty")] public float? PresencePenalty { get; set; }

    [JsonPropertyName("frequency_penalty")] public float? FrequencyPenalty { get; set; }

    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("tools")] public List<WireTool>? Tools { get; set; }

    [JsonPropertyName("tool_choice")] public JsonElement ToolChoice { get; set; }

    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }

    [JsonPropertyName("response_format")] public WireResponseFormat? ResponseFormat { get; set; }

    [JsonPropertyName("user")] public string? User { get; set; }
}

internal sealed class WireStreamOptions
{
    [JsonPropertyName("include_usage")] public bool IncludeUsage { get; set; }
}

internal sealed class WireMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }

    /// <summary>A string, an array of content parts, or null (an assistant turn that only calls tools).</summary>
    [JsonPropertyName("content")] public JsonElement Content { get; set; }

    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("tool_calls")] public List<WireToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
}

internal sealed class WireToolCall
{
    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; set; }

    [JsonPropertyName("id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; set; }

    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; set; }

    [JsonPropertyName("function")] public WireFunctionCall? Function { get; set; }
}

internal sealed class WireFunctionCall
{
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

internal sealed class WireTool
{
    [JsonPropertyName("type")] public string? Type { get; set; }

    [JsonPropertyName("function")] public WireFunctionDefinition? Function { get; set; }
}

internal sealed class WireFunctionDefinition
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("description")] public string? Description { get; set; }

    [JsonPropertyName("parameters")] public JsonElement Parameters { get; set; }
}

internal sealed class WireResponseFormat
{
    [JsonPropertyName("type")] public string? Type { get; set; }

    [JsonPropertyName("json_schema")] public WireJsonSchema? JsonSchema { get; set; }
}

internal sealed class WireJsonSchema
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("description")] public string? Description { get; set; }

    [JsonPropertyName("schema")] public JsonElement Schema { get; set; }
}
