using System.Diagnostics;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace Orchestrator.Mcp;

/// <summary>
/// A live connection to one MCP server whose tools were imported into a kernel. Dispose it to stop a stdio child
/// process or close an HTTP session.
/// </summary>
public sealed class McpPluginConnection : IAsyncDisposable
{
    private readonly McpClient _client;
    private readonly McpServerConnectionOptions _options;

    internal McpPluginConnection(McpClient client, McpServerConnectionOptions options, IReadOnlyList<AIFunction> functions)
    {
        _client = client;
        _options = options;
        Functions = functions;
    }

    /// <summary>Gets the server name the connection was configured with.</summary>
    public string ServerName => _options.Name;

    /// <summary>Gets the imported tools, already wrapped with timeout, retries and typed errors.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>
    /// Checks the server answers a real request within the per-call timeout. It lists tools rather than pinging:
    /// newer protocol revisions drop <c>ping</c>, and listing proves the server can actually serve.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the server answered, and how fast.</returns>
    public async Task<McpHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        try
        {
            await _client.ListToolsAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            return new McpHealth(true, watch.Elapsed, null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or HttpRequestException or ModelContextProtocol.McpException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new McpHealth(false, watch.Elapsed, ex is OperationCanceledException ? "health check timed out" : ex.Message);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
