using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

// POST /v1/embeddings. input is a string or an array of strings (token arrays are refused with a clear 400).

internal sealed class EmbeddingsRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("input")] public JsonElement Input { get; set; }

    [JsonPropertyName("encoding_format")] public string? EncodingFormat { get; set; }

    [JsonPropertyName("dimensions")] public int? Dimensions { get; set; }

    [JsonPropertyName("user")] public string? User { get; set; }
}

internal sealed class EmbeddingsResponse
{
    [JsonPropertyName("object")] public string Object { get; set; } = "list";

    [JsonPropertyName("data")] public List<WireEmbedding> Data { get; set; } = [];

    [JsonPropertyName("model")] public string Model { get; set; } = string.Empty;

    [JsonPropertyName("usage")] public WireEmbeddingUsage Usage { get; set; } = new();
}

internal sealed class WireEmbedding
{
    [JsonPropertyName("object")] public string Object { get; set; } = "embedding";

    [JsonPropertyName("index")] public int Index { get; set; }

    /// <summary>A float array, or a base64 string of little-endian float32 when the client asked for base64.</summary>
    [JsonPropertyName("embedding")] public object Embedding { get; set; } = Array.Empty<float>();
}

internal sealed class WireEmbeddingUsage
{
    [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; set; }

    [JsonPropertyName("total_tokens")] public long TotalTokens { get; set; }
}
