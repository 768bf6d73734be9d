using System.Text;
using Microsoft.Win32.SafeHandles;
using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

/// <summary>
/// Reads and writes validated paths so that a swap between the check and the use is caught: reads open the file
/// without following a final link and then ask the kernel where the handle really points; writes go to an exclusive
/// temp file beside the target, verified the same way, then are renamed over it (new files never overwrite anything).
/// </summary>
internal sealed partial class SecureFileAccess
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
