namespace Orchestrator.McpServers.Security;

/// <summary>Metadata of one open file, read with <c>fstat</c>-style calls on the handle (never by path).</summary>
internal sealed record FileFacts(FileKind Kind, long Size, DateTime CreatedUtc, DateTime ModifiedUtc, DateTime AccessedUtc, int Permissions, int LinkCount);
