using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.McpServers.Security;

/// <summary>
/// <c>O_PATH</c> handles and <c>statx</c> on a handle: describing a file this way needs no read permission, has no
/// side effects on devices, and reports the file the handle holds even if its path is swapped a moment later.
/// </summary>
internal static partial class NativeFile
{
    private const int OPath = 0x200000;
    private const uint StatxBasicStats = 0x7FF;
    private const uint StatxBirthTime = 0x800;
    private const int SizeOffset = 40;
    private const int AccessTimeOffset = 64;
    private const int BirthTimeOffset = 80;
    private const int ChangeTimeOffset = 96;
    private const int ModifyTimeOffset = 112;

    /// <summary>Opens a path-only handle (any file type, no final link followed, no read access needed).</summary>
    public static SafeFileHandle OpenPath(string path) =>
        Check(Open(path, OCloExec | OPath | ONoFollow, 0), "open");

    /// <summary>Describes the file an open handle refers to.</summary>
    public static FileFacts Describe(SafeFileHandle handle) => Describe(Fd(handle), string.Empty, AtEmptyPath | AtSymlinkNoFollow);

    /// <summary>Describes <paramref name="name"/> inside an open directory, not following a link; null when it is gone.</summary>
    public static FileFacts? DescribeAt(SafeFileHandle directory, string name)
    {
        try
        {
            return Describe(Fd(directory), name, AtSymlinkNoFollow);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static FileFacts Describe(int fd, string name, int flags)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(fd, name, flags, StatxBasicStats | StatxBirthTime, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), "stat");
        }

        var mask = BitConverter.ToUInt32(buffer[..4]);
        var mode = BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2));
        var modified = Time(buffer, ModifyTimeOffset);
        var changed = Time(buffer, ChangeTimeOffset);

        // As .NET's FileSystemInfo.CreationTimeUtc: the birth time when the filesystem keeps one, else the older of the others.
        var created = (mask & StatxBirthTime) != 0 ? Time(buffer, BirthTimeOffset) : (modified < changed ? modified : changed);
        return new FileFacts(
            FromMode(mode),
            (long)BitConverter.ToUInt64(buffer.Slice(SizeOffset, 8)),
            created,
            modified,
            Time(buffer, AccessTimeOffset),
            mode & 0xFFF,
            (int)BitConverter.ToUInt32(buffer.Slice(NlinkOffset, 4)));
    }

    private static DateTime Time(ReadOnlySpan<byte> buffer, int offset) =>
        DateTime.UnixEpoch.AddTicks((BitConverter.ToInt64(buffer.Slice(offset, 8)) * TimeSpan.TicksPerSecond)
            + (BitConverter.ToUInt32(buffer.Slice(offset + 8, 4)) / 100));
}
