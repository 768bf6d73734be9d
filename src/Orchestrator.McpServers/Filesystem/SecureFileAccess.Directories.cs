using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class SecureFileAccess
{
    /// <summary>
    /// Lists one directory with each entry's kind and size, taken without following links (a link is a file here,
    /// sized as the link itself). On Linux the directory is opened with <c>O_NOFOLLOW</c>, verified, listed through
    /// <c>/proc/self/fd/N</c> and every entry is described relative to that handle while it is still open, so a
    /// directory swapped for a link after validation cannot make the listing show another directory's names.
    /// </summary>
    public List<DirectoryEntry> ListDirectory(ResolvedPath path, int maxEntries)
    {
        if (NativeFile.KindOf(path.RealPath) != FileKind.Directory)
        {
            throw ToolRefusal.Because($"'{path.Requested}' is not a directory.");
        }

        if (!UseHandles)
        {
            List<DirectoryEntry> byPath = [.. new DirectoryInfo(path.RealPath).EnumerateFileSystemInfos().Take(maxEntries)
                .Select(e => new DirectoryEntry(e.Name, e is DirectoryInfo && e.LinkTarget is null, e is FileInfo f && f.LinkTarget is null ? f.Length : 0))];
            EnsureNotMovedByPath(path.RealPath);
            return byPath;
        }

        using var directory = NativeFile.OpenDirectory(path.RealPath);
        VerifyHandle(directory, path);
        var entries = new List<DirectoryEntry>();
        foreach (var (name, _, _) in List($"/proc/self/fd/{directory.DangerousGetHandle()}").Take(maxEntries))
        {
            if (NativeFile.DescribeAt(directory, name) is { } facts)
            {
                entries.Add(new DirectoryEntry(name, facts.Kind == FileKind.Directory, facts.Kind == FileKind.Directory ? 0 : facts.Size));
            }
        }

        EnsureNotMoved(directory, path.RealPath);
        return entries;
    }

    /// <summary>Moves a file or directory; the destination must not exist (checked atomically on Linux).</summary>
    public void Move(ResolvedPath origin, ResolvedPath target)
    {
        var kind = NativeFile.KindOf(origin.RealPath);
        if (kind is FileKind.Missing)
        {
            throw ToolRefusal.Because($"'{origin.Requested}' does not exist.");
        }

        if (kind is not (FileKind.Regular or FileKind.Directory))
        {
            throw ToolRefusal.Because($"'{origin.Requested}' is not a regular file or directory; refused.");
        }

        if (NativeFile.KindOf(target.RealPath) != FileKind.Missing)
        {
            throw ToolRefusal.Because($"Destination '{target.Requested}' already exists.");
        }

        if (!OperatingSystem.IsLinux())
        {
            if (kind == FileKind.Directory)
            {
                Directory.Move(origin.RealPath, target.RealPath);
            }
            else
            {
                File.Move(origin.RealPath, target.RealPath, overwrite: false);
            }

            return;
        }

        var fromParent = Path.GetDirectoryName(origin.RealPath)!;
        var toParent = Path.GetDirectoryName(target.RealPath)
            ?? throw ToolRefusal.Because($"Destination '{target.Requested}' has no parent directory.");
        using var originDirectory = NativeFile.OpenDirectory(fromParent);
        VerifyHandle(originDirectory, origin with { RealPath = fromParent });
        using var targetDirectory = NativeFile.OpenDirectory(toParent);
        VerifyHandle(targetDirectory, target with { RealPath = toParent });
        if (NativeFile.KindAt(originDirectory, Path.GetFileName(origin.RealPath)) != kind)
        {
            throw new FileChangedException("changed during the operation");
        }

        try
        {
            NativeFile.RenameAt(originDirectory, Path.GetFileName(origin.RealPath), targetDirectory, Path.GetFileName(target.RealPath), noReplace: true);
        }
        catch (IOException ex) when (ex is not FileChangedException)
        {
            throw ToolRefusal.Because($"Destination '{target.Requested}' already exists or could not be created.");
        }
    }

    /// <summary>Creates a directory and its missing parents, one level at a time through directory handles on Linux.</summary>
    public void CreateDirectory(ResolvedPath path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(path.RealPath);
            if (!_guard.IsAllowedRealPath(PathGuard.RealPathOf(path.RealPath)))
            {
                throw new FileChangedException("a parent directory was replaced during the operation");
            }

            return;
        }

        var current = NativeFile.OpenDirectory(path.Root);
        try
        {
            VerifyHandle(current, path with { RealPath = path.Root });
            var relative = Path.GetRelativePath(path.Root, path.RealPath);
            var segments = relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar);
            foreach (var segment in segments)
            {
                NativeFile.MakeDirectoryAt(current, segment);
                var next = NativeFile.OpenDirectoryAt(current, segment);
                current.Dispose();
                current = next;
            }
        }
        finally
        {
            current.Dispose();
        }
    }
}
