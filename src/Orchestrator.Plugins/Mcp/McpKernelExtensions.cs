using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Client;

namespace Orchestrator.Mcp;

/// <summary>Imports the tools of any MCP server (stdio process or HTTP URL) into a <see cref="Kernel"/> as a plugin.</summary>
public static class McpKernelExtensions
{
    /// <summary>
    /// Connects to the server (retrying transient failures), imports its allowed tools as plugin
    /// <paramref name="pluginName"/>, and returns the connection, which the caller disposes.
    /// </summary>
    /// <param name="kernel">The kernel that receives the plugin.</param>
    /// <param name="pluginName">The plugin name the tools appear under.</param>
    /// <param name="options">How to reach the server and call its tools.</param>
    /// <param name="loggerFactory">Logging for the MCP client; optional.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The live connection, with health checks.</returns>
    /// <exception cref="McpServerUnavailableException">The server could not be reached, or lacks an allow-listed tool.</exception>
    public static async Task<McpPluginConnection> ImportMcpPluginAsync(
        this Kernel kernel, string pluginName, McpServerConnectionOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await ConnectAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        kernel.Plugins.AddFromFunctions(pluginName, connection.Functions.Select(f => f.AsKernelFunction()));
        return connection;
    }

    /// <summary>Connects to the server and wraps its allowed tools, without a kernel (for M.E.AI <c>ChatOptions.Tools</c> or agents).</summary>
    /// <param name="options">How to reach the server and call its tools.</param>
    /// <param name="loggerFactory">Logging for the MCP client; optional.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The live connection.</returns>
    public static async Task<McpPluginConnection> ConnectAsync(McpServerConnectionOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 1; ; attempt++)
        {
            McpClient? client = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ConnectTimeout);
#pragma warning disable CA2000 // The client owns the transport it connected through and disposes it with itself.
                client = await McpClient.CreateAsync(CreateTransport(options, loggerFactory), loggerFactory: loggerFactory, cancellationToken: timeout.Token).ConfigureAwait(false);
#pragma warning restore CA2000
                var tools = await client.ListToolsAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
                var missing = options.AllowedTools.Except(tools.Select(t => t.Name), StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    throw new McpServerUnavailableException(options.Name, $"MCP server '{options.Name}' does not offer the allow-listed tool(s): {string.Join(", ", missing)}.");
                }

                var allowed = tools.Where(t => options.AllowedTools.Count == 0 || options.AllowedTools.Contains(t.Name, StringComparer.Ordinal));
                return new McpPluginConnection(client, options, [.. allowed.Select(t => (AIFunction)new ResilientMcpFunction(t, options))]);
            }
            catch (Exception ex) when (ex is not McpServerUnavailableException && !cancellationToken.IsCancellationRequested)
            {
                if (client is not null)
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }

                if (attempt > options.MaxRetries)
                {
                    throw new McpServerUnavailableException(options.Name, $"Could not connect to MCP server '{options.Name}' after {attempt} attempts: {ex.Message}", ex);
                }

                await Task.Delay(options.RetryBaseDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IClientTransport CreateTransport(McpServerConnectionOptions options, ILoggerFactory? loggerFactory)
    {
        if (options.Url is not null)
        {
            var http = new HttpClientTransportOptions { Endpoint = options.Url, Name = options.Name, TransportMode = HttpTransportMode.StreamableHttp };
            if (options.BearerToken is not null)
            {
                http.AdditionalHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = $"Bearer {options.BearerToken}" };
            }

            return new HttpClientTransport(http, loggerFactory);
        }

        if (string.IsNullOrWhiteSpace(options.Command))
        {
            throw new ArgumentException("Set either Command (stdio) or Url (HTTP).", nameof(options));
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Command = options.Command,
                Arguments = [.. options.Arguments],
                Name = options.Name,
                EnvironmentVariables = new Dictionary<string, string?>(options.EnvironmentVariables, StringComparer.Ordinal),
            },
            loggerFactory);
    }
}
