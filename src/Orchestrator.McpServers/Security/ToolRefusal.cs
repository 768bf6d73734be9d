using ModelContextProtocol;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// Builds the errors a tool sends back. <see cref="McpException"/> messages reach the client verbatim,
/// so every message here names the argument as the client gave it and never a host path outside the roots.
/// </summary>
internal static class ToolRefusal
{
    public static McpException Because(string message) => new(message);
}
