namespace Orchestrator.Tools;

/// <summary>
/// How a tool is registered: its risk, cost and approval policy. Unset values take the safe side: an unknown tool is
/// assumed to have external side effects, and such tools require approval unless told otherwise.
/// </summary>
public sealed record ToolRegistration
{
    /// <summary>Gets what the tool can do to the world; <see langword="null"/> means <see cref="ToolRiskLevel.ExternalSideEffects"/>
    /// (MCP tools take it from the server's annotations).</summary>
    public ToolRiskLevel? Risk { get; init; }

    /// <summary>Gets what one call costs outside the model, in US dollars.</summary>
    public decimal CostHintUsd { get; init; }

    /// <summary>Gets whether each call needs approval; <see langword="null"/> means: only tools with external side effects.</summary>
    public bool? RequiresApproval { get; init; }

    /// <summary>Gets a grouping label; <see langword="null"/> uses the source (plugin or server) name.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the registration of a read-only tool (no approval).</summary>
    public static ToolRegistration ReadOnly { get; } = new() { Risk = ToolRiskLevel.ReadOnly };
}
