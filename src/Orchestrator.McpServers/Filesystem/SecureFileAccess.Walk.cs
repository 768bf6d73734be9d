using System.IO.Enumeration;
using Microsoft.Win32.SafeHandles;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class SecureFileAccess
{
    /// <summary>
    /// Walks a validated directory depth first without ever resolving a path again. On Linux the top is opened with
    /// <c>O_NOFOLLOW</c> and verified, each directory is listed through its own handle (<c>/proc/self/fd/N</c>), and
    /// each sub-directory is opened relative to its parent's handle with <c>O_DIRECTORY | O_NOFOLLOW</c>, then checked
    /// with <c>fstat</c> and against the kernel's idea of where it is. A sub-directory swapped for a symbolic link
    /// during the walk therefore fails to open and the walk is refused (<see cref="FileChangedException"/>) instead of
    /// listing what the link points at. Links are reported as links and never entered.
    /// </summary>
    /// <param name="top">The validated directory to walk.</param>
    /// <param name="maxEntries">Entries visited before the walk stops (bounds time and output size).</param>
    /// <param name="maxDepth">Directory levels entered below the top (bounds open handles and recursion).</param>
    /// <param name="visit">Called for each entry in order; for a directory, returning false skips its contents.</param>
    public WalkOutcome Walk(ResolvedPath top, int maxEntries, int maxDepth, Func<WalkEntry, bool> visit)
    {
        if (NativeFile.KindOf(top.RealPath) != FileKind.Directory)
        {
            throw ToolRefusal.Because($"'{top.Requested}' is not a directory.");
        }

        var state = new WalkState(maxEntries, maxDepth, visit);
        if (!UseHandles)
        {
            WalkByPath(top.RealPath, string.Empty, 0, state);
            return state.Outcome;
        }

        using var directory = NativeFile.OpenDirectory(top.RealPath);
        VerifyHandle(directory, top);
        WalkHandle(directory, top.RealPath, string.Empty, 0, state);
        return state.Outcome;
    }

    private void WalkHandle(SafeFileHandle directory, string realPath, string relative, int depth, WalkState state)
    {
        foreach (var (name, isDirectory, isLink) in List($"/proc/self/fd/{directory.DangerousGetHandle()}"))
        {
            if (!state.Take())
            {
                break;
            }

            var entry = Entry(realPath, relative, name, depth, isDirectory, isLink);
            if (!state.Visit(entry) || !entry.IsDirectory || !state.MayEnter(depth))
            {
                continue;
            }

            Enter(directory, entry, depth, state);
            if (state.Stopped)
            {
                break;
            }
        }

        EnsureNotMoved(directory, realPath);
    }

    private void Enter(SafeFileHandle directory, WalkEntry entry, int depth, WalkState state)
    {
        SafeFileHandle? child = null;
        try
        {
            child = TryOpenDirectoryAt(directory, entry.Name);
            if (child is null)
            {
                return; // removed meanwhile, or unreadable: nothing to show, as before
            }

            // O_DIRECTORY | O_NOFOLLOW already refused a link; fstat and the kernel's path catch the rest
            // (a parent moved out of the roots while we held it, a bind mount pointing elsewhere).
            if (NativeFile.KindOf(child) != FileKind.Directory)
            {
                throw new FileChangedException("changed during the walk");
            }

            var actual = NativeFile.PathOf(child);
            if (actual is not null && (!string.Equals(actual, entry.FullPath, StringComparison.Ordinal) || !_guard.IsWithinRoots(actual)))
            {
                throw new FileChangedException("changed during the walk (a directory was moved or swapped)");
            }

            WalkHandle(child, entry.FullPath, entry.RelativePath, depth + 1, state);
        }
        finally
        {
            child?.Dispose();
        }
    }

    private static SafeFileHandle? TryOpenDirectoryAt(SafeFileHandle directory, string name)
    {
        try
        {
            return NativeFile.OpenDirectoryAt(directory, name);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void WalkByPath(string realPath, string relative, int depth, WalkState state)
    {
        foreach (var (name, isDirectory, isLink) in List(realPath))
        {
            if (!state.Take())
            {
                break;
            }

            var entry = Entry(realPath, relative, name, depth, isDirectory, isLink);
            if (state.Visit(entry) && entry.IsDirectory && state.MayEnter(depth) && _guard.IsWithinRoots(PathGuard.RealPathOf(entry.FullPath)))
            {
                WalkByPath(entry.FullPath, entry.RelativePath, depth + 1, state);
                if (state.Stopped)
                {
                    break;
                }
            }
        }

        EnsureNotMovedByPath(realPath);
    }

    private static WalkEntry Entry(string realPath, string relative, string name, int depth, bool isDirectory, bool isLink) =>
        new(name, relative.Length == 0 ? name : $"{relative}/{name}", Path.Combine(realPath, name), depth, isDirectory && !isLink, isLink);

    /// <summary>Lists one directory lazily (memory stays flat however large it is), reading types from the directory entries.</summary>
    private static FileSystemEnumerable<(string Name, bool IsDirectory, bool IsLink)> List(string directory) =>
        new(directory,
            (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0),
            new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false, RecurseSubdirectories = false });

    private sealed class WalkState(int maxEntries, int maxDepth, Func<WalkEntry, bool> visit)
    {
        private int _remaining = maxEntries;

        public WalkOutcome Outcome { get; private set; } = WalkOutcome.Complete;

        public bool Stopped => Outcome == WalkOutcome.EntryLimitReached;

        public bool Take()
        {
            if (_remaining-- > 0)
            {
                return true;
            }

            Outcome = WalkOutcome.EntryLimitReached;
            return false;
        }

        public bool Visit(WalkEntry entry) => visit(entry);

        public bool MayEnter(int depth)
        {
            if (depth + 1 <= maxDepth)
            {
                return true;
            }

            if (Outcome == WalkOutcome.Complete)
            {
                Outcome = WalkOutcome.DepthLimitReached;
            }

            return false;
        }
    }
}
