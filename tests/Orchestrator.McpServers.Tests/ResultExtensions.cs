using ModelContextProtocol.Protocol;

namespace Orchestrator.McpServers.Tests;

internal static class ResultExtensions
{
    public static string Text(this CallToolResult result) =>
        string.Join('\n', result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>True when the call succeeded; the protocol leaves IsError unset on success.</summary>
    public static bool Ok(this CallToolResult result) => result.IsError != true;
}
