namespace Orchestrator.McpServers.Hosting;

/// <summary>How a server talks to its client.</summary>
internal enum TransportKind
{
    /// <summary>JSON-RPC over standard input and output: the client starts the server as a child process.</summary>
    Stdio,

    /// <summary>Streamable HTTP on loopback with a bearer token.</summary>
    Http,
}
