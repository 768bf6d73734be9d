using Orchestrator.McpServers.Filesystem;
using Orchestrator.McpServers.Git;
using Orchestrator.McpServers.Memory;

namespace Orchestrator.McpServers.Hosting;

/// <summary>Everything one server process needs, from the JSON config file and then the command line.</summary>
internal sealed class ServerSettings
{
    /// <summary>Gets or sets which server to run: filesystem, git or memory.</summary>
    public string Server { get; set; } = string.Empty;

    /// <summary>Gets or sets the transport.</summary>
    public TransportKind Transport { get; set; } = TransportKind.Stdio;

    /// <summary>Gets or sets the loopback port for HTTP.</summary>
    public int Port { get; set; } = 8931;

    /// <summary>Gets or sets the file holding the bearer token for HTTP (or use ORCHESTRATOR_MCP_TOKEN).</summary>
    public string? TokenFile { get; set; }

    /// <summary>Gets or sets the bearer token itself; set by the host from the token file or environment, never from JSON.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets extra browser origins allowed to call the HTTP endpoint (loopback origins always are).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Gets or sets the JSON-lines audit file; defaults to none (audit goes to the log on stderr).</summary>
    public string? AuditLog { get; set; }

    /// <summary>Gets or sets the filesystem server settings.</summary>
    public FilesystemSettings Filesystem { get; set; } = new();

    /// <summary>Gets or sets the git server settings.</summary>
    public GitSettings Git { get; set; } = new();

    /// <summary>Gets or sets the memory server settings.</summary>
    public MemorySettings Memory { get; set; } = new();
}
