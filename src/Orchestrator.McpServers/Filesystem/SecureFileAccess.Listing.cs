using Microsoft.Win32.SafeHandles;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class SecureFileAccess
{
    /// <summary>
    /// Gets a value indicating whether directories are listed and walked through verified handles (Linux: <c>openat</c>,
    /// <c>/proc/self/fd</c>) rather than by path. Only Linux has what the handle path needs; tests turn it off to
    /// exercise the path-based fallback other platforms use.
    /// </summary>
    internal bool UseHandles { get; init; } = NativeFile.IsLinux;

    /// <summary>
    /// Called once a directory's names have been read (whole or in part): the handle must still be where it was
    /// opened, inside a root. A directory moved out of the roots while it was being listed fails the whole call, so
    /// none of the names read from it leave the server. One removed meanwhile is fine: it was empty when removed.
    /// </summary>
    private void EnsureNotMoved(SafeFileHandle directory, string expectedRealPath)
    {
        var actual = NativeFile.PathOf(directory);
        if (actual is null || string.Equals(actual, expectedRealPath + " (deleted)", StringComparison.Ordinal))
        {
            return;
        }

        if (!string.Equals(actual, expectedRealPath, StringComparison.Ordinal) || !_guard.IsWithinRoots(actual))
        {
            throw new FileChangedException("changed during the listing (the directory was moved or swapped)");
        }
    }

    /// <summary>
    /// The path-based fallback's version of <see cref="EnsureNotMoved"/>: after listing, the path must still resolve
    /// to itself (no link anywhere in it) inside a root. It catches a directory moved or swapped for a link during the
    /// listing and left so; it cannot see a swap undone before this check (no handle to ask). A directory removed during
    /// the listing fails the call too.
    /// </summary>
    private void EnsureNotMovedByPath(string realPath)
    {
        // Without a handle a directory removed meanwhile cannot be told from one moved away: both fail closed.
        if (NativeFile.KindOf(realPath) != FileKind.Directory
            || !string.Equals(PathGuard.RealPathOf(realPath), realPath, StringComparison.Ordinal)
            || !_guard.IsWithinRoots(realPath))
        {
            throw new FileChangedException("changed during the listing (the directory was moved, removed or swapped for a link)");
        }
    }
}
