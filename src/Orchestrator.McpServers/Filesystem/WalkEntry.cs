namespace Orchestrator.McpServers.Filesystem;

/// <summary>One entry met by <see cref="SecureFileAccess.Walk"/>.</summary>
/// <param name="Name">The entry's own name.</param>
/// <param name="RelativePath">The path below the top of the walk, '/'-separated.</param>
/// <param name="FullPath">The top's real path joined with <paramref name="RelativePath"/> (never a link target).</param>
/// <param name="Depth">0 for entries directly in the top directory.</param>
/// <param name="IsDirectory">True for a real directory; a symbolic link (to anything) is never a directory here.</param>
/// <param name="IsLink">True for a symbolic link, which is never followed.</param>
internal readonly record struct WalkEntry(string Name, string RelativePath, string FullPath, int Depth, bool IsDirectory, bool IsLink);
