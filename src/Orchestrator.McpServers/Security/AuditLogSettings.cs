namespace Orchestrator.McpServers.Security;

/// <summary>Where audit lines go.</summary>
internal sealed class AuditLogSettings
{
    /// <summary>Gets or sets the JSON-lines file to append to; <see langword="null"/> logs through ILogger only.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets the server name stamped on each line.</summary>
    public string ServerName { get; set; } = "mcp";
}
