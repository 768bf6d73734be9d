using System.Globalization;
using Orchestrator.Tools;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>How tool sources and risk levels are spelled in <c>tool_registry</c> (the CHECK constraints of migration 005).</summary>
internal static class CatalogColumns
{
    public static string Source(ToolSource source) => source switch
    {
        ToolSource.KernelFunction => "kernel",
        ToolSource.Mcp => "mcp",
        _ => "host",
    };

    public static ToolSource Source(string text) => text switch
    {
        "kernel" => ToolSource.KernelFunction,
        "mcp" => ToolSource.Mcp,
        _ => ToolSource.Host,
    };

    public static string Risk(ToolRiskLevel risk) => risk switch
    {
        ToolRiskLevel.ReadOnly => "read_only",
        ToolRiskLevel.Writes => "writes",
        _ => "external",
    };

    /// <summary>An unknown spelling reads as the riskiest level.</summary>
    public static ToolRiskLevel Risk(string text) => text switch
    {
        "read_only" => ToolRiskLevel.ReadOnly,
        "writes" => ToolRiskLevel.Writes,
        _ => ToolRiskLevel.ExternalSideEffects,
    };

    public static DateTimeOffset ParseIso(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Refuses a run a database CHECK would refuse later, with the field named.</summary>
    public static void Validate(Agents.WorkflowRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.RunId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.WorkflowId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.WorkflowVersion, nameof(run));
        if (run.CostUsd < 0 || run.TotalTokens < 0 || run.Latency < TimeSpan.Zero)
        {
            throw new ArgumentException($"Run '{run.RunId}': cost, tokens and latency must not be negative.", nameof(run));
        }

        if (run.JudgeScore is { } score && (score is < 0 or > 1 || double.IsNaN(score)))
        {
            throw new ArgumentException($"Run '{run.RunId}': the judge score {score} is outside 0-1.", nameof(run));
        }
    }

    /// <summary>A stored definition from before content hashes (or written by other tooling) that cannot be read.</summary>
    public static Agents.WorkflowDefinition Unreadable(string workflowId) => new(workflowId, "unknown", [], new());
}
