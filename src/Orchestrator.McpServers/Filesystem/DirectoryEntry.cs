namespace Orchestrator.McpServers.Filesystem;

/// <summary>One entry of a directory listing, described without following links.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="IsDirectory">True for a real directory (a link to a directory is not one).</param>
/// <param name="Size">Bytes; 0 for directories.</param>
internal readonly record struct DirectoryEntry(string Name, bool IsDirectory, long Size);
