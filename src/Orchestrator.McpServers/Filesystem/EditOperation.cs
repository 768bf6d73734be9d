using System.ComponentModel;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>One replacement in <c>edit_file</c>, named as the reference server names it.</summary>
internal sealed class EditOperation
{
    /// <summary>Gets or sets the text to search for; it must match exactly (or line by line ignoring indentation).</summary>
    [Description("Text to search for - must match exactly")]
    public required string OldText { get; set; }

    /// <summary>Gets or sets the replacement text.</summary>
    [Description("Text to replace with")]
    public required string NewText { get; set; }
}
