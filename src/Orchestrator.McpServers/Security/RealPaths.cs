namespace Orchestrator.McpServers.Security;

/// <summary>
/// Where a path really leads, as the kernel resolves it, and whether it lies inside a root. Shared source: the
/// filesystem MCP server's <c>PathGuard</c> and the RAG plugin's <c>ingest</c> guard compile this one resolver.
/// </summary>
internal static class RealPaths
{
    private const int MaxLinkHops = 40;

    /// <summary>Returns true when <paramref name="path"/> equals <paramref name="root"/> or lies below it by whole segments.</summary>
    public static bool IsWithin(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal)
        || (path.StartsWith(root, StringComparison.Ordinal)
            && (root.EndsWith(Path.DirectorySeparatorChar) || path[root.Length] == Path.DirectorySeparatorChar));

    /// <summary>
    /// Resolves every symlink in <paramref name="fullPath"/>, including dangling ones, segment by segment: a <c>..</c>
    /// after a link climbs from the link's target, as the kernel does, not lexically. Missing tails stay literal.
    /// </summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <param name="tooManyLinks">The exception to throw after 40 link hops (a loop).</param>
    /// <returns>The real path.</returns>
    public static string Of(string fullPath, Func<Exception> tooManyLinks)
    {
        var pending = new Stack<string>(Split(fullPath).Reverse());
        var current = Path.GetPathRoot(fullPath) ?? "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Combine(current, segment);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw tooManyLinks();
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }

            foreach (var part in Split(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return current;
    }

    /// <summary>Removes a trailing separator, except from the root itself.</summary>
    public static string Trim(string path) =>
        path.Length > 1 && path.EndsWith(Path.DirectorySeparatorChar) ? path.TrimEnd(Path.DirectorySeparatorChar) : path;

    /// <summary>The path's segments, without empty ones and <c>.</c>.</summary>
    public static string[] Split(string path) =>
        path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
}
