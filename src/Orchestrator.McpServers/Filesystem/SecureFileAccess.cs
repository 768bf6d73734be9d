using System.Text;
using Microsoft.Win32.SafeHandles;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>
/// Reads and writes validated paths so that a swap between the check and the use is caught: reads open the file
/// without following a final link and then ask the kernel where the handle really points; writes go to an exclusive
/// temp file beside the target, verified the same way, then are renamed over it (new files never overwrite anything).
/// </summary>
internal sealed class SecureFileAccess
{
    private readonly PathGuard _guard;
    private readonly FilesystemSettings _settings;

    public SecureFileAccess(PathGuard guard, FilesystemSettings settings)
    {
        _guard = guard;
        _settings = settings;
    }

    public async Task<byte[]> ReadAllBytesAsync(ResolvedPath path, CancellationToken cancellationToken)
    {
        RequireKind(path, NativeFile.KindOf(path.RealPath), FileKind.Regular);
        using var handle = NativeFile.OpenForRead(path.RealPath);
        VerifyHandle(handle, path);
        if (NativeFile.KindOf(handle) != FileKind.Regular)
        {
            throw ToolRefusal.Because($"'{path.Requested}' is not a regular file (devices, FIFOs and sockets are refused).");
        }

        RefuseHardLinks(handle, path);
        var length = RandomAccess.GetLength(handle);
        if (length > _settings.MaxFileBytes)
        {
            throw ToolRefusal.Because($"'{path.Requested}' is {length} bytes, over the {_settings.MaxFileBytes}-byte limit.");
        }

        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }

    public async Task<string> ReadTextAsync(ResolvedPath path, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    public async Task WriteTextAsync(ResolvedPath path, string content, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bytes.LongLength > _settings.MaxFileBytes)
        {
            throw ToolRefusal.Because($"Content is {bytes.LongLength} bytes, over the {_settings.MaxFileBytes}-byte limit.");
        }

        var parent = Path.GetDirectoryName(path.RealPath)
            ?? throw ToolRefusal.Because($"'{path.Requested}' has no parent directory.");
        if (NativeFile.KindOf(parent) != FileKind.Directory)
        {
            throw ToolRefusal.Because($"The parent directory of '{path.Requested}' does not exist.");
        }

        var existing = NativeFile.KindOf(path.RealPath);
        if (existing is not (FileKind.Missing or FileKind.Regular))
        {
            throw ToolRefusal.Because($"'{path.Requested}' exists and is not a regular file; refusing to replace it.");
        }

        if (existing == FileKind.Regular)
        {
            using var current = NativeFile.OpenForRead(path.RealPath);
            VerifyHandle(current, path);
            RefuseHardLinks(current, path);
        }

        if (OperatingSystem.IsLinux())
        {
            await WriteThroughDirectoryHandleAsync(path, parent, bytes, existing, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteByPathAsync(path, parent, bytes, existing, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Linux: pin the parent directory with a verified handle, create the temp file exclusively inside it, and rename
    /// inside it. After the check, no step resolves the parent path again, so a parent swapped for a link is harmless.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private async Task WriteThroughDirectoryHandleAsync(ResolvedPath path, string parent, byte[] bytes, FileKind existing, CancellationToken cancellationToken)
    {
        using var directory = NativeFile.OpenDirectory(parent);
        VerifyHandle(directory, path with { RealPath = parent });
        var name = Path.GetFileName(path.RealPath);
        var temp = $".{name}.{Guid.NewGuid():N}.tmp";
        var existingNow = NativeFile.KindAt(directory, name);
        if (existingNow != existing)
        {
            throw new FileChangedException("changed during the operation");
        }

        var mode = existing == FileKind.Regular ? File.GetUnixFileMode(path.RealPath) : (UnixFileMode)0b110_100_100;
        try
        {
            using (var handle = NativeFile.CreateExclusiveAt(directory, temp, mode))
            {
                File.SetUnixFileMode(handle, mode);
                await RandomAccess.WriteAsync(handle, bytes, 0, cancellationToken).ConfigureAwait(false);
                RandomAccess.FlushToDisk(handle);
            }

            try
            {
                NativeFile.RenameAt(directory, temp, name, noReplace: existing == FileKind.Missing);
            }
            catch (IOException) when (existing == FileKind.Missing)
            {
                throw ToolRefusal.Because($"'{path.Requested}' was created by someone else during the write; nothing was overwritten.");
            }
        }
        finally
        {
            NativeFile.UnlinkAt(directory, temp);
        }
    }

    /// <summary>Other platforms: the same steps by path, with the result re-checked afterwards.</summary>
    private async Task WriteByPathAsync(ResolvedPath path, string parent, byte[] bytes, FileKind existing, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(parent, $".{Path.GetFileName(path.RealPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                VerifyHandle(stream.SafeFileHandle, path with { RealPath = temp });
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // overwrite:false is link()+unlink() on Unix: it fails if anything appeared at the target meanwhile.
            File.Move(temp, path.RealPath, overwrite: existing == FileKind.Regular);
        }
        catch (IOException) when (existing == FileKind.Missing && File.Exists(temp))
        {
            throw ToolRefusal.Because($"'{path.Requested}' was created by someone else during the write; nothing was overwritten.");
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        if (!_guard.IsAllowedRealPath(PathGuard.RealPathOf(path.RealPath)))
        {
            throw new FileChangedException("a parent directory was replaced during the write");
        }
    }

    /// <summary>
    /// Lists a directory through a verified handle on Linux (enumerating <c>/proc/self/fd/N</c>), so a directory swapped
    /// for a link after validation cannot make the listing show another directory's names.
    /// </summary>
    public List<FileSystemInfo> ListDirectory(ResolvedPath path, int maxEntries)
    {
        if (NativeFile.KindOf(path.RealPath) != FileKind.Directory)
        {
            throw ToolRefusal.Because($"'{path.Requested}' is not a directory.");
        }

        if (!OperatingSystem.IsLinux())
        {
            return [.. new DirectoryInfo(path.RealPath).EnumerateFileSystemInfos().Take(maxEntries)];
        }

        using var directory = NativeFile.OpenDirectory(path.RealPath);
        VerifyHandle(directory, path);
        return [.. new DirectoryInfo($"/proc/self/fd/{directory.DangerousGetHandle()}").EnumerateFileSystemInfos().Take(maxEntries)];
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

    private void VerifyHandle(SafeFileHandle handle, ResolvedPath path)
    {
        var actual = NativeFile.PathOf(handle);
        if (actual is not null && (!string.Equals(actual, path.RealPath, StringComparison.Ordinal) || !_guard.IsAllowedRealPath(actual)))
        {
            throw new FileChangedException("the path changed between validation and use (symbolic link swap)");
        }
    }

    /// <summary>Refuses a regular file that has other hard links (see <see cref="RefuseHardLinks"/>); other kinds pass.</summary>
    public void EnsureNotHardLinked(ResolvedPath path)
    {
        if (NativeFile.KindOf(path.RealPath) != FileKind.Regular)
        {
            return;
        }

        using var handle = NativeFile.OpenForRead(path.RealPath);
        VerifyHandle(handle, path);
        RefuseHardLinks(handle, path);
    }

    /// <summary>
    /// A hard link has no target to resolve: the same inode may also live outside the roots (or be a secret under another
    /// name), so files with more than one link are neither read nor replaced.
    /// </summary>
    private static void RefuseHardLinks(SafeFileHandle handle, ResolvedPath path)
    {
        if (NativeFile.LinkCount(handle) > 1)
        {
            throw ToolRefusal.Because($"Access denied: '{path.Requested}' has several hard links and may alias a file outside the allowed directories.");
        }
    }

    private static void RequireKind(ResolvedPath path, FileKind actual, FileKind expected)
    {
        if (actual == expected)
        {
            return;
        }

        throw actual switch
        {
            FileKind.Missing => ToolRefusal.Because($"'{path.Requested}' does not exist."),
            FileKind.Directory => ToolRefusal.Because($"'{path.Requested}' is a directory."),
            FileKind.Special => ToolRefusal.Because($"'{path.Requested}' is a device, FIFO or socket; refused."),
            _ => ToolRefusal.Because($"'{path.Requested}' is not a regular file."),
        };
    }
}
