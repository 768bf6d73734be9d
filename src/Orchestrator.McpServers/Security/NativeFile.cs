using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// The few Linux calls .NET does not expose: <c>open</c> with <c>O_NOFOLLOW | O_NONBLOCK</c> (so a symlink swapped in
/// at the last moment fails and a FIFO cannot block the server) and <c>statx</c> (file type without following links;
/// its struct layout is the same on every Linux architecture). Elsewhere these degrade to managed calls.
/// </summary>
internal static partial class NativeFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxNlink = 0x4;
    private const int NlinkOffset = 16;
    private const int ModeOffset = 28;
    private const int OCloExec = 0x80000;
    private const int ONonBlock = 0x800;

    public static bool IsLinux { get; } = OperatingSystem.IsLinux();

    private static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Returns the type of the entry at <paramref name="path"/> without following a final symlink.</summary>
    public static FileKind KindOf(string path)
    {
        if (!IsLinux)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                return FileKind.SymbolicLink;
            }

            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return FileKind.Missing;
        }

        return FromMode(BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2)));
    }

    /// <summary>Returns the type of an already opened file.</summary>
    public static FileKind KindOf(SafeFileHandle handle)
    {
        if (!IsLinux)
        {
            return FileKind.Regular;
        }

        Span<byte> buffer = stackalloc byte[256];
        var fd = (int)handle.DangerousGetHandle();
        return Statx(fd, string.Empty, AtEmptyPath, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0
            ? FileKind.Missing
            : FromMode(BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2)));
    }

    /// <summary>Returns how many directory entries name the opened file; more than one means a hard link that may alias a file outside the roots.</summary>
    public static int LinkCount(SafeFileHandle handle)
    {
        if (!IsLinux)
        {
            return 1;
        }

        Span<byte> buffer = stackalloc byte[256];
        var fd = (int)handle.DangerousGetHandle();
        return Statx(fd, string.Empty, AtEmptyPath, StatxNlink, ref MemoryMarshal.GetReference(buffer)) != 0
            ? 1
            : (int)BitConverter.ToUInt32(buffer.Slice(NlinkOffset, 4));
    }

    /// <summary>Opens <paramref name="path"/> for reading, refusing a final symlink and never blocking on a FIFO.</summary>
    public static SafeFileHandle OpenForRead(string path)
    {
        if (!IsLinux)
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        var fd = Open(path, OCloExec | ONonBlock | ONoFollow, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException("not found"),
                13 => new UnauthorizedAccessException("permission denied"),
                40 => new FileChangedException("the path became a symbolic link during the operation"),
                _ => new IOException($"open failed (errno {errno})"),
            };
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Returns the path the kernel says an open handle refers to (Linux), or <see langword="null"/> when unknown.</summary>
    public static string? PathOf(SafeFileHandle handle)
    {
        if (!IsLinux)
        {
            return null;
        }

        var link = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        return link;
    }

    private static FileKind FromMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        _ => FileKind.Special,
    };

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
