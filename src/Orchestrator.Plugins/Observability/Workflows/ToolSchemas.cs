using System.Text.Json;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>Reads a stored tool schema; a value that is not JSON (hand-edited rows) reads as an empty schema rather than failing the whole list.</summary>
internal static class ToolSchemas
{
    public static JsonElement Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Tools.ToolRegistry.EmptySchema;
        }
    }
}
