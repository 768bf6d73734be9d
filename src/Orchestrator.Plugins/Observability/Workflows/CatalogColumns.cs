using System.Data.Common;
using System.Globalization;
using Orchestrator.Tools;

namespace Orchestrator.Plugins.Observability.Workflows;

/// <summary>How tool sources and risk levels are spelled in <c>tool_registry</c> (the CHECK constraints of migration 005), and the row readers both catalog stores share.</summary>
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

    /// <summary>Reads a <c>workflow_runs</c> row selected as <c>RunColumns</c> (PostgreSQL or SQLite).</summary>
    public static Agents.WorkflowRunRecord ReadRun(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetBoolean(4),
        Money(reader, 5),
        reader.GetInt64(6),
        TimeSpan.FromMilliseconds(reader.GetDouble(7)),
        reader.IsDBNull(8) ? null : reader.GetDouble(8),
        reader.GetString(9),
        Time(reader, 10));

    /// <summary>Reads a <c>workflow_versions</c> row selected as <c>VersionColumns</c> (PostgreSQL or SQLite).</summary>
    public static global::Orchestrator.Workflows.WorkflowVersion ReadVersion(DbDataReader reader, string workflowId)
    {
        var hash = reader.IsDBNull(2) ? null : reader.GetString(2);
        return new(
            reader.GetString(0),
            reader.GetString(1),
            hash ?? string.Empty,
            WorkflowTraffic.ReadDefinition(workflowId, hash, reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetDouble(5),
            reader.GetBoolean(6),
            Time(reader, 7));
    }

    /// <summary>Reads a <c>tool_registry</c> row selected as the stores' <c>Select</c> (PostgreSQL or SQLite).</summary>
    public static ToolDescriptor ReadTool(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ToolSchemas.Parse(reader.GetString(3)),
        Source(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        Risk(reader.GetString(7)),
        Money(reader, 8),
        reader.GetBoolean(9),
        reader.GetString(2),
        reader.GetBoolean(4));

    /// <summary>PostgreSQL stores numeric(18, 8); SQLite stores a REAL, read back at the same scale.</summary>
    private static decimal Money(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(decimal) ? reader.GetDecimal(ordinal) : Math.Round((decimal)reader.GetDouble(ordinal), 8);

    /// <summary>PostgreSQL stores timestamptz; SQLite stores fixed-width ISO-8601 UTC text.</summary>
    private static DateTimeOffset Time(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(string) ? ParseIso(reader.GetString(ordinal)) : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>A stored definition from before content hashes (or written by other tooling) that cannot be read.</summary>
    public static Agents.WorkflowDefinition Unreadable(string workflowId) => new(workflowId, "unknown", [], new());
}
