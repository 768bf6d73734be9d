using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// Wraps every tools/call, known tool or not, so the audit log sees refusals the tool itself never gets to see:
/// unknown tool names, arguments of the wrong type, rate limits.
/// </summary>
internal static class AuditingToolFilter
{
    private static readonly string[] TargetArguments = ["path", "paths", "source", "destination", "repo_path", "file_path", "revision", "target", "key", "type", "query"];

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, string server) =>
        async (context, cancellationToken) =>
        {
            var audit = (AuditLog)context.Services!.GetService(typeof(AuditLog))!;
            var tool = context.Params?.Name ?? "(none)";
            var who = DescribeCaller(context);
            var target = DescribeTarget(context.Params?.Arguments);
            try
            {
                var result = await next(context, cancellationToken).ConfigureAwait(false);
                var outcome = result.IsError == true ? AuditOutcomes.Refused : AuditOutcomes.Success;
                audit.Record(new AuditEntry(server, who, tool, target, outcome, result.IsError == true ? FirstText(result) : null));
                return result;
            }
            catch (McpException ex)
            {
                audit.Record(new AuditEntry(server, who, tool, target, AuditOutcomes.Refused, ex.Message));
                throw;
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                // Argument binding failed (wrong JSON type, missing required argument): tell the client which, plainly.
                var message = $"Invalid arguments for tool '{tool}': {Truncate(ex.Message)}";
                audit.Record(new AuditEntry(server, who, tool, target, AuditOutcomes.Refused, message));
                throw new McpException(message, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                audit.Record(new AuditEntry(server, who, tool, target, AuditOutcomes.Failed, ex.GetType().Name));
                throw;
            }
        };

    private static string DescribeCaller(RequestContext<CallToolRequestParams> context)
    {
        var client = context.Server.ClientInfo;
        var name = client is null ? "unknown-client" : $"{client.Name}/{client.Version}";
        var user = context.User?.Identity?.Name;
        var session = context.Server.SessionId;
        return new StringBuilder(name)
            .Append(session is null ? string.Empty : $" session={session}")
            .Append(string.IsNullOrEmpty(user) ? string.Empty : $" user={user}")
            .ToString();
    }

    private static string DescribeTarget(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var name in TargetArguments)
        {
            if (arguments.TryGetValue(name, out var value))
            {
                var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                parts.Add($"{name}={Truncate(text ?? string.Empty)}");
            }
        }

        return string.Join(' ', parts);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");

    private static string? FirstText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
}
