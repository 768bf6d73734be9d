using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Agents;

namespace Orchestrator.Workflows;

/// <summary>
/// Canonical JSON and content hashes of workflow definitions, and version labels. Nulls are left out of the canonical
/// form, so adding an optional member to the definition records later does not change the hash of existing definitions.
/// </summary>
public static class WorkflowVersioning
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>Serializes a definition to its canonical JSON (what <c>workflow_versions.definition</c> holds).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return JsonSerializer.Serialize(definition, Canonical);
    }

    /// <summary>Reads a definition from JSON.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="FormatException">The JSON is not a workflow definition.</exception>
    public static WorkflowDefinition FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, Canonical);
            return definition is { Name: not null, Agents: not null } ? definition : throw new FormatException("The stored workflow definition has no name or agents.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stored workflow definition is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Computes the content hash of a definition: lowercase hex SHA-256 of its canonical JSON.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The hash.</returns>
    public static string ComputeHash(WorkflowDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson(definition))));

    /// <summary>The label of the version after <paramref name="existing"/>: <c>v</c> and one more than the highest <c>vN</c>.</summary>
    /// <param name="existing">The labels already used.</param>
    /// <returns>The next label (<c>v1</c> when there are none).</returns>
    public static string NextVersion(IEnumerable<string> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var highest = existing.Select(v => Number(v) ?? 0).DefaultIfEmpty(0).Max();
        return string.Create(CultureInfo.InvariantCulture, $"v{highest + 1}");
    }

    /// <summary>The N of a <c>vN</c> label, or <see langword="null"/> for any other label.</summary>
    internal static int? Number(string version) =>
        version.Length > 1 && version[0] == 'v' && int.TryParse(version.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
