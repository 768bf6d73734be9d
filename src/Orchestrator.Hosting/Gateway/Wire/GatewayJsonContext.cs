using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

/// <summary>Source-generated serialization of every gateway wire type: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(EmbeddingsRequest))]
[JsonSerializable(typeof(EmbeddingsResponse))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(KeyListResponse))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
