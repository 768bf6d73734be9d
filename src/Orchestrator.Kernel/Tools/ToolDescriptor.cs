using System.Text.Json;

namespace Orchestrator.Tools;

/// <summary>What the registry knows about a tool: enough to list, search, persist and decide whether a call may run.</summary>
/// <param name="Name">The tool name the model calls (unique in the registry).</param>
/// <param name="Description">What the tool does, as shown to the model.</param>
/// <param name="JsonSchema">The JSON schema of its parameters.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="SourceName">The plugin or MCP server it belongs to, if any.</param>
/// <param name="Risk">What it can do to the world.</param>
/// <param name="CostHintUsd">What one call costs outside the model (a paid API), charged to the budget; 0 when free.</param>
/// <param name="RequiresApproval">Whether a human must approve each call.</param>
/// <param name="Category">A free grouping label (<c>retrieval</c>, <c>mcp</c>, <c>browser</c>...).</param>
/// <param name="IsEnabled">Whether calls are allowed at all.</param>
public sealed record ToolDescriptor(
    string Name,
    string Description,
    JsonElement JsonSchema,
    ToolSource Source,
    string? SourceName,
    ToolRiskLevel Risk,
    decimal CostHintUsd,
    bool RequiresApproval,
    string Category,
    bool IsEnabled = true);
