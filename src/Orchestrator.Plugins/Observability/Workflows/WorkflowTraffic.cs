using Orchestrator.Agents;
using Orchestrator.Workflows;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>Checks and reads shared by the PostgreSQL and SQLite workflow stores.</summary>
internal static class WorkflowTraffic
{
    public static void Validate(string workflowId, IReadOnlyDictionary<string, double> weights)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0 || weights.Values.Any(w => w is < 0 or > 1 || double.IsNaN(w)) || weights.Values.Sum() <= 0)
        {
            throw new ArgumentException($"Traffic of '{workflowId}': give at least one version a weight, each between 0 and 1, not all 0.", nameof(weights));
        }
    }

    public static KeyNotFoundException Missing(string workflowId, string version) =>
        new($"Workflow '{workflowId}' has no version '{version}'; nothing was changed.");

    /// <summary>Rows without a content hash predate migration 005 (or come from other tooling) and may hold no definition.</summary>
    public static WorkflowDefinition ReadDefinition(string workflowId, string? hash, string json)
    {
        try
        {
            return WorkflowVersioning.FromJson(json);
        }
        catch (FormatException) when (hash is null)
        {
            return CatalogColumns.Unreadable(workflowId);
        }
    }
}
