using System.Text;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class SecureFileAccess
{
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
}
