namespace Orchestrator.Mcp;

/// <summary>Every attempt at a tool call ran past its per-call timeout.</summary>
public sealed class McpToolTimeoutException : McpToolException
{
    /// <summary>Initializes a new instance of the <see cref="McpToolTimeoutException"/> class.</summary>
    /// <param name="serverName">The server the tool belongs to.</param>
    /// <param name="toolName">The tool that timed out.</param>
    /// <param name="timeout">The per-call timeout that was exceeded.</param>
    /// <param name="attempts">How many attempts were made.</param>
    public McpToolTimeoutException(string serverName, string toolName, TimeSpan timeout, int attempts)
        : base(serverName, toolName, $"Tool '{toolName}' on MCP server '{serverName}' did not answer within {timeout.TotalSeconds:0.###} s ({attempts} attempts).", isTransient: true)
    {
        Timeout = timeout;
    }

    /// <summary>Gets the per-call timeout that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}
