namespace Orchestrator.Mcp;

/// <summary>A call to an MCP tool failed: the server reported an error, or the call could not complete.</summary>
public class McpToolException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="McpToolException"/> class.</summary>
    /// <param name="serverName">The server the tool belongs to.</param>
    /// <param name="toolName">The tool that failed.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public McpToolException(string serverName, string toolName, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException!)
    {
        ServerName = serverName;
        ToolName = toolName;
        IsTransient = isTransient;
    }

    /// <summary>Gets the server the tool belongs to.</summary>
    public string ServerName { get; }

    /// <summary>Gets the tool that failed.</summary>
    public string ToolName { get; }

    /// <summary>Gets a value indicating whether trying again later may succeed (timeouts, broken connections).</summary>
    public bool IsTransient { get; }
}
