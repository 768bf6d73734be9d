namespace Orchestrator.McpServers.Memory;

/// <summary>A decrypted memory record, as returned to the client.</summary>
internal sealed record MemoryRecord(
    string Key,
    string Type,
    string Content,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Pii);
