using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServers.Tests;

internal static class ResultExtensions
{
    public static string Text(this CallToolResult result) =>
        string.Join('\n', result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
