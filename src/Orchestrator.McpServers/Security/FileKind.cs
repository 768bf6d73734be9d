namespace Orchestrator.McpServers.Security;

/// <summary>What a directory entry is, as seen without following a final symlink.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A device, FIFO or socket: never read or written.</summary>
    Special,
}
