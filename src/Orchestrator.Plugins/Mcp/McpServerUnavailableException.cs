namespace Orchestrator.Mcp;

/// <summary>The MCP server could not be started or reached, or does not offer a tool the allow-list requires.</summary>
public sealed class McpServerUnavailableException : OrchestratorException
{
    /// <summary>Initializes a new instance of the <see cref="McpServerUnavailableException"/> class.</summary>
    /// <param name="serverName">The server that could not be used.</param>
    /// <param name="message">What went wrong and what to check.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public McpServerUnavailableException(string serverName, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        ServerName = serverName;
    }

    /// <summary>Gets the server that could not be used.</summary>
    public string ServerName { get; }
}
