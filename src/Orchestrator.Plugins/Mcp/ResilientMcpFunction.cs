using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Orchestrator.Mcp;

/// <summary>
/// One MCP tool as an <see cref="AIFunction"/> with a per-call timeout, retries with exponential backoff on
/// transient failures, typed errors, and its output returned as data wrapped in an untrusted-data envelope.
/// </summary>
internal sealed partial class ResilientMcpFunction : DelegatingAIFunction
{
    private readonly McpClientTool _tool;
    private readonly McpServerConnectionOptions _options;
    private readonly string _name;

    public ResilientMcpFunction(McpClientTool tool, McpServerConnectionOptions options)
        : base(tool)
    {
        _tool = tool;
        _options = options;
        _name = InvalidNameChars().Replace(tool.Name, "_");
    }

    public override string Name => _name;

    /// <summary>Gets the server's hints about the tool (read-only, destructive, open-world), if it sent any.</summary>
    internal ToolAnnotations? Annotations => _tool.ProtocolTool.Annotations;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var args = arguments.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var attempts = 0;
        while (true)
        {
            attempts++;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CallTimeout);
            Exception failure;
            try
            {
                var result = await _tool.CallAsync(args, cancellationToken: timeout.Token).ConfigureAwait(false);
                if (result.IsError == true)
                {
                    throw new McpToolException(_options.Name, _tool.Name, $"Tool '{_tool.Name}' on MCP server '{_options.Name}' reported an error: {Text(result)}", isTransient: false);
                }

                return Render(result);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                failure = ex;
            }
            catch (McpException ex)
            {
                throw new McpToolException(_options.Name, _tool.Name, $"Tool '{_tool.Name}' on MCP server '{_options.Name}' rejected the call: {ex.Message}", isTransient: false, ex);
            }

            if (attempts > _options.MaxRetries)
            {
                throw failure is OperationCanceledException
                    ? new McpToolTimeoutException(_options.Name, _tool.Name, _options.CallTimeout, attempts)
                    : new McpToolException(_options.Name, _tool.Name, $"Tool '{_tool.Name}' on MCP server '{_options.Name}' failed after {attempts} attempts: {failure.Message}", isTransient: true, failure);
            }

            await Task.Delay(_options.RetryBaseDelay * Math.Pow(2, attempts - 1), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(Exception ex) =>
        ex is IOException or HttpRequestException or TimeoutException or ObjectDisposedException
        || (ex is InvalidOperationException && ex is not McpException);

    private string Render(CallToolResult result)
    {
        var text = Text(result);
        if (!_options.WrapResultsAsUntrustedData)
        {
            return text;
        }

        // The closing tag is neutralised inside the payload so content cannot end the envelope early.
        var safe = text.Replace("</tool_output", "<\\/tool_output", StringComparison.OrdinalIgnoreCase);
        return $"<tool_output server=\"{_options.Name}\" tool=\"{_tool.Name}\" trust=\"untrusted-data\">\n{safe}\n</tool_output>";
    }

    private static string Text(CallToolResult result)
    {
        var sb = new StringBuilder();
        foreach (var block in result.Content)
        {
            _ = block switch
            {
                TextContentBlock t => sb.Append(t.Text),
                ImageContentBlock i => sb.Append("[image ").Append(i.MimeType).Append(']'),
                AudioContentBlock a => sb.Append("[audio ").Append(a.MimeType).Append(']'),
                _ => sb.Append('[').Append(block.Type).Append(" content]"),
            };
        }

        return sb.ToString();
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex InvalidNameChars();
}
