namespace Orchestrator.Tools;

/// <summary>
/// A named, scoped set of tools handed to an agent. An entry is a tool name, or a prefix ending in <c>*</c>
/// (<c>fs_*</c>) that takes every registered tool whose name starts with it.
/// </summary>
/// <param name="Name">The workbench name agents refer to (<see cref="Agents.AgentDefinition.Workbench"/>).</param>
/// <param name="Tools">The tool names or prefixes.</param>
public sealed record WorkbenchDefinition(string Name, IReadOnlyList<string> Tools)
{
    /// <summary>Tells whether a tool name belongs to this workbench.</summary>
    /// <param name="toolName">The tool name.</param>
    /// <returns><see langword="true"/> when an entry names it or is a prefix of it.</returns>
    public bool Contains(string toolName)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        return Tools.Any(t => t.EndsWith('*')
            ? toolName.StartsWith(t[..^1], StringComparison.Ordinal)
            : string.Equals(t, toolName, StringComparison.Ordinal));
    }
}
