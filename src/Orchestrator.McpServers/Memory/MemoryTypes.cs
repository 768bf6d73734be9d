using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Memory;

/// <summary>The four kinds of memory, each with its own retention.</summary>
internal static class MemoryTypes
{
    public const string Conversation = "conversation";
    public const string Facts = "facts";
    public const string Preferences = "preferences";
    public const string Context = "context";

    public static readonly string[] All = [Conversation, Facts, Preferences, Context];

    public static string Require(string? type)
    {
        var trimmed = type?.Trim();
        if (string.Equals(trimmed, "fact", StringComparison.OrdinalIgnoreCase))
        {
            return Facts;
        }

        if (string.Equals(trimmed, "preference", StringComparison.OrdinalIgnoreCase))
        {
            return Preferences;
        }

        return All.FirstOrDefault(t => string.Equals(t, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw ToolRefusal.Because($"type must be one of: {string.Join(", ", All)}.");
    }
}
