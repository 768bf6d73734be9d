using System.Text.Json.Serialization;

namespace Orchestrator.Hosting.Gateway.Wire;

internal sealed record ModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<WireModel> Data);

internal sealed record WireModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("tier")] int Tier,
    [property: JsonPropertyName("local")] bool Local);
