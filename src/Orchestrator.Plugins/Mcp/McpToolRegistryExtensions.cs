using Orchestrator.Tools;

namespace Orchestrator.Mcp;

/// <summary>Puts the tools of an MCP server into the <see cref="ToolRegistry"/>, with risk and approval read from the server's tool annotations.</summary>
public static class McpToolRegistryExtensions
{
    /// <summary>
    /// Registers every tool of the connection. Risk follows the MCP annotations and their spec defaults:
    /// <c>readOnlyHint</c> makes a tool read-only; otherwise <c>openWorldHint: false</c> makes it a local write, and
    /// anything else (including no annotations) has external side effects. Approval is required for external side
    /// effects and for destructive writes (<c>destructiveHint</c> is true unless the server says otherwise).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="connection">The live MCP connection (it must outlive the registry's use of its tools).</param>
    /// <param name="prefix">Put before every tool name (for example <c>fs_</c>) when two servers' names could clash.</param>
    /// <param name="perTool">Policies that replace the annotation-derived ones, by the server's tool name.</param>
    /// <returns>The registered descriptors.</returns>
    public static IReadOnlyList<ToolDescriptor> RegisterMcpTools(this ToolRegistry registry, McpPluginConnection connection, string? prefix = null, IReadOnlyDictionary<string, ToolRegistration>? perTool = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(connection);
        var added = new List<ToolDescriptor>();
        foreach (var function in connection.Functions)
        {
            var registration = perTool is not null && perTool.TryGetValue(function.Name, out var own) ? own : FromAnnotations(function as ResilientMcpFunction);
            var exposed = string.IsNullOrEmpty(prefix) ? function : new RenamedAIFunction(function, prefix + function.Name);
            added.Add(registry.Register(exposed, ToolSource.Mcp, connection.ServerName, registration with { Category = registration.Category ?? "mcp" }));
        }

        return added;
    }

    private static ToolRegistration FromAnnotations(ResilientMcpFunction? function)
    {
        var hints = function?.Annotations;
        var risk = hints?.ReadOnlyHint == true ? ToolRiskLevel.ReadOnly
            : hints?.OpenWorldHint == false ? ToolRiskLevel.Writes
            : ToolRiskLevel.ExternalSideEffects;
        var approval = risk == ToolRiskLevel.ExternalSideEffects || (risk == ToolRiskLevel.Writes && hints?.DestructiveHint != false);
        return new ToolRegistration { Risk = risk, RequiresApproval = approval };
    }
}
