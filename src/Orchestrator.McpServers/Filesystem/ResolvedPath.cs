namespace Orchestrator.McpServers.Filesystem;

/// <summary>A client path after validation.</summary>
/// <param name="Requested">The path exactly as the client sent it (used in messages).</param>
/// <param name="RealPath">The absolute path with every symlink resolved; inside <paramref name="Root"/>.</param>
/// <param name="Root">The allowed root (real path) that contains it.</param>
internal sealed record ResolvedPath(string Requested, string RealPath, string Root);
