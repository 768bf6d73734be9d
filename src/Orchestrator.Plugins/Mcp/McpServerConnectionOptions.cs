namespace Orchestrator.Mcp;

/// <summary>
/// How to reach one MCP server (a child process over stdio, or a Streamable HTTP URL) and how to call its tools.
/// Set either <see cref="Command"/> or <see cref="Url"/>.
/// </summary>
public sealed class McpServerConnectionOptions
{
    /// <summary>Gets or sets the server name used in errors, logs and the untrusted-data envelope.</summary>
    public string Name { get; set; } = "mcp";

    /// <summary>Gets or sets the executable that starts a stdio server (e.g. <c>orchestrator-mcp</c>, <c>npx</c>, <c>dotnet</c>).</summary>
    public string? Command { get; set; }

    /// <summary>Gets or sets the arguments of <see cref="Command"/>.</summary>
    public IList<string> Arguments { get; set; } = [];

    /// <summary>Gets or sets extra environment variables for the stdio child process.</summary>
    public IDictionary<string, string?> EnvironmentVariables { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets or sets the Streamable HTTP endpoint, e.g. <c>http://127.0.0.1:8931/mcp</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the bearer token sent to an HTTP server.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets the tools to import; empty imports every tool the server lists. A listed tool the server lacks is an error.</summary>
    public IList<string> AllowedTools { get; set; } = [];

    /// <summary>Gets or sets the time one tool call may take before it is cancelled and counted as a transient failure.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time one connection attempt (start or reach the server, handshake, list tools) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a transient failure is retried (connect and call).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; each retry doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Gets or sets a value indicating whether tool output is wrapped in an envelope that marks it as untrusted data
    /// (default <see langword="true"/>); see docs/security.md.
    /// </summary>
    public bool WrapResultsAsUntrustedData { get; set; } = true;
}
