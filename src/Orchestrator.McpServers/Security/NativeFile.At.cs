using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// Directory-handle operations (<c>openat</c>, <c>renameat2</c>, <c>unlinkat</c>): once the parent directory is opened
/// and verified, every step of a write names files relative to that handle, so replacing the parent path with a
/// link afterwards changes nothing.
/// </summary>
internal static partial class NativeFile
{
    private const int OWriteOnly = 0x1;
    private const int OCreate = 0x40;
    private const int OExclusive = 0x80;
    private const uint RenameNoReplace = 0x1;

    private static int ODirectory => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>Opens a directory without following a final link.</summary>
    public static SafeFileHandle OpenDirectory(string path) =>
        Check(Open(path, OCloExec | ODirectory | ONoFollow, 0), "open directory");

    /// <summary>Creates <paramref name="name"/> inside <paramref name="directory"/> exclusively (never through a link).</summary>
    public static SafeFileHandle CreateExclusiveAt(SafeFileHandle directory, string name, UnixFileMode mode) =>
        Check(OpenAt(Fd(directory), name, OCloExec | OWriteOnly | OCreate | OExclusive | ONoFollow, (int)mode), "create");

    /// <summary>Returns the kind of <paramref name="name"/> inside <paramref name="directory"/>, not following links.</summary>
    public static FileKind KindAt(SafeFileHandle directory, string name)
    {
        Span<byte> buffer = stackalloc byte[256];
        return Statx(Fd(directory), name, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0
            ? FileKind.Missing
            : FromMode(BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2)));
    }

    /// <summary>Renames within one directory handle; with <paramref name="noReplace"/> it fails if the target exists.</summary>
    public static void RenameAt(SafeFileHandle directory, string from, string to, bool noReplace) =>
        RenameAt(directory, from, directory, to, noReplace);

    /// <summary>Renames between two directory handles; with <paramref name="noReplace"/> it fails if the target exists.</summary>
    public static void RenameAt(SafeFileHandle fromDirectory, string from, SafeFileHandle toDirectory, string to, bool noReplace)
    {
        if (RenameAt2(Fd(fromDirectory), from, Fd(toDirectory), to, noReplace ? RenameNoReplace : 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == 17
                ? new IOException("the target already exists")
                : new IOException($"rename failed (errno {errno})");
        }
    }

    /// <summary>Opens the sub-directory <paramref name="name"/> of <paramref name="directory"/>, refusing a link.</summary>
    public static SafeFileHandle OpenDirectoryAt(SafeFileHandle directory, string name) =>
        Check(OpenAt(Fd(directory), name, OCloExec | ODirectory | ONoFollow, 0), "open directory");

    /// <summary>Creates the directory <paramref name="name"/> inside <paramref name="directory"/>; an existing one is fine.</summary>
    public static void MakeDirectoryAt(SafeFileHandle directory, string name)
    {
        if (MakeDirectoryAtNative(Fd(directory), name, 0x1FF) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != 17)
        {
            throw ErrorFor(errno, "create directory");
        }
    }

    public static void UnlinkAt(SafeFileHandle directory, string name) => _ = UnlinkAtNative(Fd(directory), name, 0);

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static SafeFileHandle Check(int fd, string operation)
    {
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        throw ErrorFor(Marshal.GetLastPInvokeError(), operation);
    }

    private static Exception ErrorFor(int errno, string operation) =>
        errno switch
        {
            2 => new DirectoryNotFoundException("not found"),
            13 => new UnauthorizedAccessException("permission denied"),
            17 => new IOException("the target already exists"),
            20 or 40 => new FileChangedException("has a path component that is a symbolic link or not a directory"),
            _ => new IOException($"{operation} failed (errno {errno})"),
        };

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAt(int dirfd, string path, int flags, int mode);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectoryAtNative(int dirfd, string path, int mode);

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAtNative(int dirfd, string path, int flags);
}
